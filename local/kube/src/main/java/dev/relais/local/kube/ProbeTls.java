package dev.relais.local.kube;

import java.net.Socket;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The HTTP client of HTTPS probes: like the kubelet's, it checks neither the server's certificate
 * nor its name (a probe asks whether the process answers, not who it is), and presents none.
 */
final class ProbeTls {

  /** Client for {@code https://127.0.0.1:<port>/health/...}. */
  static final HttpClient CLIENT = client();

  private ProbeTls() {}

  private static HttpClient client() {
    // Extended: the JDK wraps a plain X509TrustManager in one that checks the host name anyway.
    X509ExtendedTrustManager anyServer =
        new X509ExtendedTrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) {}

          @Override
          public void checkClientTrusted(
              X509Certificate[] chain, String authType, SSLEngine engine) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) {}

          @Override
          public void checkServerTrusted(
              X509Certificate[] chain, String authType, SSLEngine engine) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {anyServer}, new SecureRandom());
      SSLParameters parameters = new SSLParameters();
      // No endpoint identification: the probe dials 127.0.0.1, whatever the certificate names.
      parameters.setEndpointIdentificationAlgorithm(null);
      return HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .sslContext(context)
          .sslParameters(parameters)
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is always available", e);
    }
  }
}
