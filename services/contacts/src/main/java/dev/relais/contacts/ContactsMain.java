package dev.relais.contacts;

import dev.relais.common.server.ServiceProcess;

/** Entry point of the contacts service process. */
public final class ContactsMain {

  private ContactsMain() {}

  public static void main(String[] args) throws InterruptedException {
    ServiceProcess.run("contacts", ContactsServer::start, ContactsServer::port);
  }
}
