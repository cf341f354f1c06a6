package dev.relais.scheduler.campaign;

import dev.relais.scheduler.template.TemplateRenderer;

/**
 * What one share of a campaign's audience receives: an A/B variant, or, for a campaign without
 * variants, its template under the name {@code ""} (the variant every message without one carries).
 *
 * @param name the variant's name, written on each of its messages; {@code ""} for the template
 * @param weight its relative weight, at least 1
 * @param source the template as written, for the characters the preview points at
 * @param template the template parsed
 */
public record CampaignVariant(String name, int weight, String source, TemplateRenderer template) {

  /** True for a real A/B variant, false for the template of a campaign without variants. */
  public boolean named() {
    return !name.isEmpty();
  }

  /** "variant b: " for a variant, "" for the template: the start of a refusal about it. */
  String refusalPrefix() {
    return named() ? "variant " + name + ": " : "";
  }
}
