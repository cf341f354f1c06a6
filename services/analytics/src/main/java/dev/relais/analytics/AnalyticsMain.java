package dev.relais.analytics;

import dev.relais.common.server.ServiceProcess;

/** Entry point of the analytics service process. */
public final class AnalyticsMain {

  private AnalyticsMain() {}

  public static void main(String[] args) throws InterruptedException {
    ServiceProcess.run("analytics", AnalyticsServer::start, AnalyticsServer::port);
  }
}
