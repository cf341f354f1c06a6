package dev.relais.local.kube;

import java.util.List;

/**
 * Checks an object the local API server is asked to store (created, replaced or patched), as a
 * cluster's CRD schema and validation rules would: each problem refuses the write with a {@code
 * Status} of reason Invalid (422) whose causes kubectl prints.
 */
@FunctionalInterface
public interface ResourceValidator {

  /** Accepts everything. */
  ResourceValidator NONE = json -> List.of();

  /**
   * The problems of {@code objectJson} (the whole object, apiVersion and kind included, as it would
   * be stored); empty when it may be stored.
   */
  List<Problem> validate(String objectJson);

  /** One problem: the field at fault ({@code spec.schedule.timeZone}) and what is wrong with it. */
  record Problem(String field, String message) {}
}
