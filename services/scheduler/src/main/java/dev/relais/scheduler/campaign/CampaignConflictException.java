package dev.relais.scheduler.campaign;

import dev.relais.common.grpc.GrpcErrors;

/** A valid campaign update that cannot apply in the campaign's current state. */
public final class CampaignConflictException extends GrpcErrors.Conflict {

  public CampaignConflictException(String message) {
    super(message);
  }
}
