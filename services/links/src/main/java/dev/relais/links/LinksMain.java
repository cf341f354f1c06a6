package dev.relais.links;

import dev.relais.common.server.ServiceProcess;

/** Entry point of the links service process. */
public final class LinksMain {

  private LinksMain() {}

  public static void main(String[] args) throws InterruptedException {
    ServiceProcess.run("links", LinksServer::start, LinksServer::port);
  }
}
