package dev.relais.operator.services;

import java.util.List;
import java.util.Optional;

/**
 * Tells how many contacts a segment selects, and whether its filter is valid, without reading
 * anything into the operator. May throw {@link ServiceCallException}; {@link
 * ServiceCallException#rejected()} then means the filter is invalid.
 */
public interface SegmentEstimator {

  /**
   * The estimated size of the segment, or empty when no estimate can be made (no contacts service
   * in the namespace).
   *
   * @param contacts host:port of the namespace's contacts service
   * @param list contact list; empty for every contact
   * @param tags tags every selected contact carries; empty for no such condition
   * @param filter segment filter; empty selects the whole list
   */
  Optional<Long> estimate(String contacts, String list, List<String> tags, String filter);

  /** An estimator that never estimates: segments are then Ready without a size. */
  SegmentEstimator NONE = (contacts, list, tags, filter) -> Optional.empty();
}
