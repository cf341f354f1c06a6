package dev.relais.scheduler.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.proto.contacts.v1.Contact;
import java.util.List;
import org.junit.jupiter.api.Test;

class CountryAllowListTest {

  private static Contact contact(String phone, String region) {
    return Contact.newBuilder().setPhone(phone).setRegion(region).build();
  }

  @Test
  void withoutDeclaredCountriesOnlyTheCampaignRegionIsAllowed() {
    CountryAllowList list = CountryAllowList.of(List.of(), "FR");

    assertThat(list.allows(contact("+33612345678", "FR"))).isTrue();
    assertThat(list.allows(contact("+32470123456", "BE"))).isFalse();
    assertThat(list.allows(contact("+88216123456", ""))).isFalse();
  }

  @Test
  void declaredCountriesReplaceTheDefault() {
    CountryAllowList list = CountryAllowList.of(List.of("fr", " BE", "RE"), "FR");

    assertThat(list.regions()).containsExactlyInAnyOrder("FR", "BE", "RE");
    assertThat(list.allows(contact("+32470123456", "BE"))).isTrue();
    assertThat(list.allows(contact("+262692123456", "RE"))).isTrue();
    assertThat(list.allows(contact("+41791234567", "CH"))).isFalse();
  }

  @Test
  void frenchCampaignsReachTheOverseasDepartmentsByDefault() {
    CountryAllowList list = CountryAllowList.of(List.of(), "FR");

    assertThat(list.allows(contact("+262692123456", "RE"))).isTrue();
    assertThat(list.allows(contact("+590690123456", "GP"))).isTrue();
    assertThat(CountryAllowList.of(List.of(), "BE").allows(contact("+262692123456", "RE")))
        .isFalse();
  }

  @Test
  void aContactWithoutRegionIsJudgedByItsCallingCode() {
    CountryAllowList list = CountryAllowList.of(List.of(), "BE");

    assertThat(list.allows(contact("+32470123456", ""))).isTrue();
    assertThat(list.allows(contact("+33612345678", ""))).isFalse();
    assertThat(list.allows(contact("+88216123456", ""))).isFalse();
  }

  @Test
  void aMalformedCountryIsRefused() {
    assertThatThrownBy(() -> CountryAllowList.of(List.of("France"), "FR"))
        .hasMessage("allowed country 'France' must be an ISO 3166 region code such as FR");
  }
}
