package dev.relais.scheduler;

import dev.relais.common.server.ServiceProcess;

/** Entry point of the scheduler service process. */
public final class SchedulerMain {

  private SchedulerMain() {}

  public static void main(String[] args) throws InterruptedException {
    ServiceProcess.run("scheduler", SchedulerServer::start, SchedulerServer::port);
  }
}
