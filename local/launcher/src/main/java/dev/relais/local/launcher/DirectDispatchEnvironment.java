package dev.relais.local.launcher;

import dev.relais.operator.api.SecretKeyRef;
import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.model.DispatchDeploymentBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The route's part of a dispatch process's environment in the direct mode (no Kubernetes): exactly
 * what the operator's Deployment gives it ({@link DispatchDeploymentBuilder#routeEnv}), with the
 * password given instead of read from its Secret, and the SMSC the local platform chose.
 */
final class DirectDispatchEnvironment {

  private DirectDispatchEnvironment() {}

  /**
   * DISPATCH_* and SMPP_* of one replica of the route among {@code replicas}, bound to {@code
   * smsc}.
   *
   * @throws IllegalArgumentException when the route takes more from Kubernetes than its password (a
   *     TLS trust bundle), which the direct mode cannot read
   */
  static Map<String, String> of(SmppRoute route, String password, LocalSmsc smsc, int replicas) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar variable : DispatchDeploymentBuilder.routeEnv(route, replicas)) {
      if (variable.getValueFrom() == null) {
        env.put(variable.getName(), variable.getValue() == null ? "" : variable.getValue());
      } else if (isPassword(variable.getValueFrom().getSecretKeyRef(), route)) {
        env.put(variable.getName(), password);
      } else {
        throw new IllegalArgumentException(
            "SmppRoute "
                + route.getMetadata().getName()
                + ": "
                + variable.getName()
                + " comes from a ConfigMap or Secret, which the direct mode cannot read; run"
                + " the route in the local cluster (./relais demo)");
      }
    }
    env.put("SMPP_HOST", smsc.host());
    env.put("SMPP_PORT", Integer.toString(smsc.port()));
    return env;
  }

  private static boolean isPassword(SecretKeySelector selector, SmppRoute route) {
    SecretKeyRef password = route.getSpec().passwordSecretRef;
    return selector != null
        && selector.getName().equals(password.name)
        && selector.getKey().equals(password.key);
  }
}
