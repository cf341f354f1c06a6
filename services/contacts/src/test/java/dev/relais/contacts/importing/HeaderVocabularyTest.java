package dev.relais.contacts.importing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.contacts.importing.CsvColumns.Field;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderVocabularyTest {

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {
        "Portable",
        "Mobile",
        "GSM",
        "MSISDN",
        "Cell phone",
        "Cellulaire",
        "Téléphone portable",
        "Tél. portable",
        "Tel mobile",
        "Numéro portable",
        "Numéro de portable",
        "N° de portable",
        "N° portable",
        "Nº portable",
        "No portable",
        "No. de mobile",
        "Num. portable",
        "Num portable",
        "Mobile number",
        "Mobile phone",
        "Numéro de téléphone portable",
        "Téléphone (portable)",
        "Portable SMS"
      })
  void mobileHeaders(String header) {
    assertThat(HeaderVocabulary.field(header)).contains(Field.PHONE);
    assertThat(HeaderVocabulary.isMobile(header)).isTrue();
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {
        "Téléphone",
        "TELEPHONE",
        "Tél.",
        "tel",
        "Phone",
        "Phone number",
        "Numéro",
        "Numéro de téléphone",
        "N° de téléphone",
        "N° tél",
        "No tel",
        "Num. tél.",
        "num_tel",
        "SMS"
      })
  void genericPhoneHeaders(String header) {
    assertThat(HeaderVocabulary.field(header)).contains(Field.PHONE);
    assertThat(HeaderVocabulary.isMobile(header)).isFalse();
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {"N°", "No", "Num.", "Téléphone fixe", "Tel domicile", "Numéro client", "N° SMS"})
  void notPhoneHeaders(String header) {
    assertThat(HeaderVocabulary.field(header)).isEmpty();
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {
        "Consentement",
        "consent",
        "Consentement SMS",
        "Consentement marketing",
        "Consentement commercial",
        "Consentement à la prospection commerciale par SMS",
        "Consentement SMS marketing",
        "marketing_consent",
        "SMS consent",
        "Consented",
        "Opt-in",
        "OptIn",
        "Opt in SMS",
        "sms_optin",
        "Accord SMS",
        "Accepte SMS",
        "Accepts SMS Marketing",
        "Accepte les offres SMS"
      })
  void consentHeaders(String header) {
    assertThat(HeaderVocabulary.field(header)).contains(Field.CONSENT);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {
        "Date de consentement",
        "Date consentement",
        "Date du consentement SMS",
        "Date de consentement marketing",
        "consent_at",
        "Consent date",
        "consented_at",
        "Date opt-in",
        "Date d'opt-in",
        "Opt-in date",
        "optin_at",
        "Horodatage consentement",
        "Consentement (horodatage)"
      })
  void consentDateHeaders(String header) {
    assertThat(HeaderVocabulary.field(header)).contains(Field.CONSENT_AT);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {
        "Désinscrit SMS",
        "Désinscrit",
        "Désinscrit(e)",
        "Désinscription SMS",
        "Désabonné SMS",
        "Désabonné",
        "Désabonnement SMS",
        "Opposition SMS",
        "Opposition",
        "Opposition à la prospection commerciale",
        "Opposition marketing",
        "Refus SMS",
        "Refus de prospection",
        "Blacklist",
        "Blacklist SMS",
        "SMS_BLACKLISTED",
        "STOP",
        "STOP SMS",
        "Opt-out",
        "opted_out",
        "SMS opt-out",
        "Unsubscribed"
      })
  void optOutHeaders(String header) {
    assertThat(HeaderVocabulary.field(header)).contains(Field.OPTED_OUT);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {
        "Consentement email",
        "Email opt-in",
        "Opt-in newsletter",
        "EMAIL_BLACKLISTED",
        "Email Opt Out",
        "Désinscrit newsletter",
        "Opposition démarchage téléphonique",
        "Source du consentement",
        "Texte du consentement",
        "Consentement partenaires",
        "Date de désinscription",
        "Liste rouge",
        "Bloctel",
        "RGPD",
        "Abonné SMS",
        "SMS subscription"
      })
  void lookLikeConsentOrOptOutButAreNotRead(String header) {
    assertThat(HeaderVocabulary.field(header)).isEmpty();
    assertThat(HeaderVocabulary.looksLikeConsentOrOptOut(header)).isTrue();
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {"Fidélité", "Options", "Abonnement", "Date d'inscription", "Ville", "Accès"})
  void ordinaryAttributesDoNotLookLikeConsent(String header) {
    assertThat(HeaderVocabulary.looksLikeConsentOrOptOut(header)).isFalse();
  }
}
