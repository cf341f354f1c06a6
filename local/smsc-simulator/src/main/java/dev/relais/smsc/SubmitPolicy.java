package dev.relais.smsc;

/**
 * Consulted for every submit_sm before it is accepted: the hook where throttling, error storms,
 * lost responses and disconnects are injected. It runs on a PDU thread, so it must be fast and
 * thread-safe.
 */
@FunctionalInterface
public interface SubmitPolicy {

  /** Decides how this submit_sm is answered. */
  SubmitDecision decide(SubmitContext submit);

  /** Answers every submit_sm normally: the default. */
  static SubmitPolicy acceptAll() {
    return AcceptAll.INSTANCE;
  }

  /** The default policy, recognisable so that the hot path can skip building a context. */
  enum AcceptAll implements SubmitPolicy {
    INSTANCE;

    @Override
    public SubmitDecision decide(SubmitContext submit) {
      return SubmitDecision.accept();
    }
  }
}
