package dev.relais.scheduler.campaign;

/** A valid campaign update that cannot apply in the campaign's current state. */
public final class CampaignConflictException extends RuntimeException {

  public CampaignConflictException(String message) {
    super(message);
  }
}
