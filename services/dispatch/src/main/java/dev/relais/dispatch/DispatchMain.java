package dev.relais.dispatch;

import dev.relais.common.server.ServiceProcess;

/** Entry point of a dispatch process (one per route replica). */
public final class DispatchMain {

  private DispatchMain() {}

  public static void main(String[] args) throws InterruptedException {
    ServiceProcess.run("dispatch", DispatchServer::start, DispatchServer::port);
  }
}
