package dev.relais.scheduler.template;

/** A template that cannot be accepted, with a message a campaign author can act on. */
public final class TemplateException extends IllegalArgumentException {

  public TemplateException(String message) {
    super(message);
  }
}
