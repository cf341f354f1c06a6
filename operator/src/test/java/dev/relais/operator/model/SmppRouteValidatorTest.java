package dev.relais.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.api.SmppRouteSpec;
import org.junit.jupiter.api.Test;

class SmppRouteValidatorTest {

  @Test
  void aCompleteRouteIsValid() {
    assertThat(SmppRouteValidator.problems(Routes.orange(100))).isEmpty();
  }

  @Test
  void namesEveryMissingPiece() {
    SmppRoute route = Routes.orange(100);
    route.getSpec().host = " ";
    route.getSpec().systemId = null;
    route.getSpec().passwordSecretRef.key = null;
    route.getSpec().maxTps = 0;

    assertThat(SmppRouteValidator.problems(route))
        .containsExactly(
            "host is missing",
            "systemId is missing",
            "passwordSecretRef needs the name and key of a Secret holding the password",
            "maxTps must be at least 1");
  }

  @Test
  void minimumReplicasCannotExceedTheMaximum() {
    SmppRoute route = Routes.orange(100);
    route.getSpec().autoscaling = new SmppRouteSpec.Autoscaling();
    route.getSpec().autoscaling.minReplicas = 5;
    route.getSpec().autoscaling.maxReplicas = 2;

    assertThat(SmppRouteValidator.problems(route))
        .containsExactly("autoscaling.minReplicas (5) exceeds autoscaling.maxReplicas (2)");
  }

  @Test
  void theDeploymentNameMustFitALabelValue() {
    SmppRoute route = Routes.orange(100);
    route.getMetadata().setName("r".repeat(48));

    assertThat(SmppRouteValidator.problems(route))
        .containsExactly(
            "the route name has 48 characters; at most 47 fit in the name of its dispatch"
                + " Deployment");
  }
}
