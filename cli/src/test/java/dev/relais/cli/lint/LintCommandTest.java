package dev.relais.cli.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.cli.RelaisCli;
import dev.relais.cli.connect.ServiceLocator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine;

/** relais-cli lint, run in process through picocli as a user or a CI pipeline runs it. */
class LintCommandTest {

  /** A Monday in January 2027: the campaigns below start in March 2027. */
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2027-01-04T10:00:00Z"), ZoneOffset.UTC);

  private static final Path EXAMPLES = Path.of("../examples");

  /** A namespace with everything a campaign refers to. */
  private static final String NAMESPACE =
      """
      apiVersion: relais.dev/v1alpha1
      kind: SmsPlatform
      metadata: {name: relais, namespace: shop}
      spec:
        version: 0.1.0
        cassandra: {contactPoints: ["cassandra:9042"]}
      ---
      apiVersion: relais.dev/v1alpha1
      kind: SmppRoute
      metadata: {name: carrier-fr, namespace: shop}
      spec:
        host: smpp.carrier.example
        systemId: shop
        passwordSecretRef: {name: carrier, key: password}
        maxTps: 100
        prefixes: ["+33"]
        costPerSegment: "0.038"
      ---
      apiVersion: relais.dev/v1alpha1
      kind: SenderId
      metadata: {name: shop, namespace: shop}
      spec: {type: alphanumeric, value: SHOP, countries: [FR], stopMention: "STOP 36111"}
      """;

  @TempDir Path dir;

  record Run(int exit, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  static Run lint(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli =
        RelaisCli.commandLine(
            ServiceLocator.ofProcess(),
            new CommandLine.IFactory() {
              @Override
              public <K> K create(Class<K> type) throws Exception {
                return type == LintCommand.class
                    ? type.cast(new LintCommand(CLOCK))
                    : CommandLine.defaultFactory().create(type);
              }
            });
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("lint"));
    all.addAll(List.of(args));
    int exit = cli.execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private Path write(String name, String yaml) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, yaml);
    return file;
  }

  /**
   * The namespace above, a Segment of {@code estimate} contacts and a campaign to it on 5 January
   * 2027 from 09:00 to 18:00 with these variants and A/B test, in one file.
   */
  private Path segmentAndAbTest(long estimate, String variants, String abTest) throws IOException {
    return write(
        "campaign.yaml",
        NAMESPACE
            + """
            ---
            apiVersion: relais.dev/v1alpha1
            kind: Segment
            metadata: {name: loyal, namespace: shop}
            spec: {list: customers, purpose: sms-marketing}
            status: {estimatedSize: %d}
            ---
            apiVersion: relais.dev/v1alpha1
            kind: Campaign
            metadata: {name: sale, namespace: shop}
            spec:
              type: marketing
              senderIdRef: shop
              audience: {segmentRef: loyal}
              template: "Soldes -20%%"
              variants:
            %s  schedule:
                start: "2027-01-05T09:00:00+01:00"
                deadline: "2027-01-05T18:00:00+01:00"
              abTest: %s
            """
                .formatted(estimate, variants.indent(4), abTest));
  }

  /** The namespace above plus one campaign, in one file. */
  private Path campaign(String spec) throws IOException {
    return write(
        "campaign.yaml",
        NAMESPACE
            + """
            ---
            apiVersion: relais.dev/v1alpha1
            kind: Campaign
            metadata: {name: sale, namespace: shop}
            spec:
            """
            + spec.indent(2));
  }

  @Test
  void everyExamplePassesWithOnlyItsDeliberateWarnings() {
    Run run = lint(EXAMPLES.toString());

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).doesNotContain(": error: ");
    assertThat(run.lines())
        .containsExactly(
            // The local launcher declares the quickstart's SmsPlatform itself.
            EXAMPLES.resolve("quickstart/30-campaign.yaml")
                + ":1: Campaign/winter-sale: metadata.namespace: warning: no SmsPlatform among"
                + " the linted manifests of namespace relais-demo: the campaign waits until one"
                + " runs there (it may be applied from elsewhere)",
            "15 files, 23 documents: 0 errors, 1 warning");
  }

  @Test
  void anAbTestIsPreviewedWithItsSampleFromTheSegmentsEstimateAndItsDecisionTime()
      throws IOException {
    Path file =
        segmentAndAbTest(
            12000,
            """
            - {name: a, template: "Soldes -20%"}
            - {name: b, template: "Soldes : -20% sur tout"}
            """,
            "{samplePercent: 10, decideAfter: PT4H, metric: delivery, fallback: b}");

    Run run = lint(file.toString());

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.lines())
        .contains(
            file
                + ":5: Campaign/sale: spec.abTest: warning: only the sample is sent at first:"
                + " about 1200 recipients (10% of the Segment's estimated 12000, at least 100 per"
                + " variant); the rest of the audience waits for the winner on delivery, chosen at"
                + " 2027-01-05T12:00:00Z (PT4H after the start), or b when the test is"
                + " inconclusive");
  }

  @Test
  void anAbTestSampleIsRaisedAsTheSchedulerRaisesItForTheSmallestVariant() throws IOException {
    // 100 recipients for the 30 % variant need 334 of the estimated 1000: the scheduler's share.
    Path file =
        segmentAndAbTest(
            1000,
            """
            - {name: a, weight: 70, template: "Soldes -20%"}
            - {name: b, weight: 30, template: "Soldes : -20% sur tout"}
            """,
            "{samplePercent: 10, decideAfter: PT4H, metric: delivery}");

    Run run = lint(file.toString());

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains(
            "only the sample is sent at first: about 334 recipients (33.3334% of the Segment's"
                + " estimated 1000, raised from 10% to reach 100 per variant)");
  }

  @Test
  void anAbTestDecidingOnClicksWithoutATrackedLinkIsAnError() throws IOException {
    Path file =
        campaign(
            """
            type: marketing
            senderIdRef: shop
            audience: {list: customers}
            template: "Soldes -20%"
            variants:
              - {name: a, template: "Soldes -20% {{link:https://shop.example.fr/soldes}}"}
              - {name: b, template: "Soldes : -20% sur tout"}
            abTest: {samplePercent: 10, decideAfter: PT4H, metric: clicks}
            """);

    Run run = lint(file.toString());

    assertThat(run.exit()).as(run.out()).isEqualTo(1);
    // In the names the manifest uses, not the scheduler's request fields (ab_test.metric).
    assertThat(run.lines())
        .contains(
            file
                + ":4: Campaign/sale: spec.abTest.metric: error: clicks needs a tracked link"
                + " ({{link}}) in every variant: variant b has none");
    assertThat(run.out()).doesNotContain("ab_test").doesNotContain("only the sample is sent");
  }

  @Test
  void anAbTestTheOperatorWouldRefuseIsAnError() throws IOException {
    Path file =
        campaign(
            """
            type: marketing
            senderIdRef: shop
            audience: {list: customers}
            template: "Soldes -20%"
            variants:
              - {name: a, template: "Soldes -20%"}
              - {name: b, template: "Soldes : -20% sur tout"}
            schedule:
              start: "2027-01-05T09:00:00+01:00"
              deadline: "2027-01-05T12:00:00+01:00"
            abTest: {samplePercent: 10, decideAfter: PT4H}
            """);

    Run run = lint(file.toString());

    assertThat(run.exit()).as(run.out()).isEqualTo(1);
    assertThat(run.lines())
        .contains(
            file
                + ":4: Campaign/sale: spec: error: abTest.decideAfter PT4H decides at"
                + " 2027-01-05T12:00:00Z, not before the deadline 2027-01-05T11:00:00Z: the"
                + " winner could not be sent");
  }

  @Test
  void anAbTestWithOneVariantOrAnUnknownFallbackIsRefused() throws IOException {
    Path file =
        campaign(
            """
            type: marketing
            senderIdRef: shop
            audience: {list: customers}
            template: "Soldes -20%"
            variants:
              - {name: a, template: "Soldes -20%"}
            abTest: {samplePercent: 10, decideAfter: PT4H, fallback: c}
            """);

    Run run = lint(file.toString());

    assertThat(run.exit()).as(run.out()).isEqualTo(1);
    assertThat(run.out())
        .contains("abTest needs at least two variants")
        .contains("abTest.fallback")
        .doesNotContain("only the sample is sent");
  }

  @Test
  void aLandingLinkWithoutALandingUrlIsRefusedAsTheSchedulerRefusesIt() throws IOException {
    Path file =
        campaign(
            """
            type: marketing
            senderIdRef: shop
            audience: {list: customers}
            template: "Soldes : {{link}}"
            """);

    Run run = lint(file.toString());

    assertThat(run.exit()).as(run.out()).isEqualTo(1);
    assertThat(run.lines())
        .contains(
            file
                + ":4: Campaign/sale: spec.template: error: {{link}} leads to the campaign's"
                + " landing URL, and the campaign declares none: set spec.landingUrl, or name"
                + " the URL: {{link:https://...}}")
        .last()
        .isEqualTo("1 file, 4 documents: 1 error, 0 warnings");
  }

  @Test
  void aLinkToSomethingOtherThanAWebPageIsRefused() throws IOException {
    Path file =
        campaign(
            """
            type: marketing
            senderIdRef: shop
            audience: {list: customers}
            template: "Soldes : {{link:ftp://shop.example/cgv}}"
            """);

    Run run = lint(file.toString());

    assertThat(run.exit()).as(run.out()).isEqualTo(1);
    assertThat(run.lines())
        .contains(
            file
                + ":4: Campaign/sale: spec.template: error: {{link:ftp://shop.example/cgv}}: the"
                + " link's URL is not an absolute http(s) URL: ftp://shop.example/cgv (e.g."
                + " {{link:https://...}})");
  }

  @Test
  void linksToTheLandingUrlAndToAnExplicitUrlAreAccepted() throws IOException {
    Path file =
        campaign(
            """
            type: marketing
            senderIdRef: shop
            audience: {list: customers}
            landingUrl: https://shop.example/soldes
            template: "Soldes : {{link}} CGV : {{link:https://shop.example/cgv}}"
            """);

    Run run = lint(file.toString());

    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(run.out()).doesNotContain(": error: ");
  }

  @Test
  void aFrenchMobileSenderIsRefused() throws IOException {
    Path file =
        write(
            "sender.yaml",
            """
            apiVersion: relais.dev/v1alpha1
            kind: SenderId
            metadata: {name: mobile, namespace: shop}
            spec: {type: longnumber, value: "+33612345678", stopMention: "STOP 36111"}
            """);

    Run run = lint(file.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.lines())
        .contains(
            file
                + ":1: SenderId/mobile: spec: error: mobile numbers of France and its overseas"
                + " departments (+33 6/7, +590 690/691/709, +594 694/709, +596 696/697/709, +262"
                + " 692/693/639/709, 06, 07) are personal and cannot be business senders");
  }

  @Test
  void anOverseasMobileANationalNumberAndABareStopOnANameAreRefusedWithTheirReasons()
      throws IOException {
    Path file =
        write(
            "senders.yaml",
            """
            apiVersion: relais.dev/v1alpha1
            kind: SenderId
            metadata: {name: reunion, namespace: shop}
            spec: {type: longnumber, value: "+262692123456", stopMention: "STOP"}
            ---
            apiVersion: relais.dev/v1alpha1
            kind: SenderId
            metadata: {name: national, namespace: shop}
            spec: {type: longnumber, value: "0159000000", stopMention: "STOP"}
            ---
            apiVersion: relais.dev/v1alpha1
            kind: SenderId
            metadata: {name: name, namespace: shop}
            spec: {type: alphanumeric, value: SHOP, stopMention: "STOP"}
            ---
            apiVersion: relais.dev/v1alpha1
            kind: SenderId
            metadata: {name: ampersand, namespace: shop}
            spec: {type: alphanumeric, value: "Shop&Co 123", stopMention: "STOP au 36111"}
            """);

    Run run = lint(file.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.lines())
        .anyMatch(
            l -> l.startsWith(file + ":1: SenderId/reunion: spec: error: mobile numbers of France"))
        .contains(
            file
                + ":2: SenderId/national: spec: error: a phone number is written in E.164 form,"
                + " not in national form: + and the country code, then the number without its"
                + " leading 0 (+33159000000 for 01 59 00 00 00)",
            file
                + ":3: SenderId/name: spec: error: an alphanumeric sender cannot receive replies,"
                + " so its STOP mention must give the number to send STOP to, e.g. 'STOP au"
                + " 36111'",
            file
                + ":4: SenderId/ampersand: spec: error: an alphanumeric sender may hold only"
                + " letters A to Z without accents, digits and spaces")
        .noneMatch(l -> l.contains("at most 11 characters"))
        .last()
        .isEqualTo("1 file, 4 documents: 4 errors, 0 warnings");
  }

  @Test
  void aMisspeltFieldIsASchemaError() throws IOException {
    Path file =
        campaign(
            """
            type: marketing
            senderIdRef: shop
            audience: {list: customers}
            template: "Soldes d'hiver -20%"
            suspended: true
            """);

    Run run = lint(file.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.lines())
        .containsExactly(
            file
                + ":4: Campaign/sale: spec.suspended: error: is not a field: did you mean"
                + " \"suspend\"?",
            "1 file, 4 documents: 1 error, 0 warnings");
  }

  @Test
  void aBrokenCelRuleIsAnError() throws IOException {
    Path file =
        campaign(
            """
            type: marketing
            senderIdRef: shop
            audience: {list: customers, segmentRef: buyers}
            template: "Soldes d'hiver -20%"
            """);

    Run run = lint(file.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.lines())
        .contains(
            file
                + ":4: Campaign/sale: spec.audience: error: audience needs either segmentRef or"
                + " list, not both");
  }

  @Test
  void aSundayStartUnderFrenchMarketingIsAWarning() throws IOException {
    Path file =
        campaign(
            """
            type: marketing
            senderIdRef: shop
            audience: {list: customers}
            template: "Soldes d'hiver -20%"
            schedule: {start: "2027-03-21T10:00:00+01:00"}
            policy: fr-marketing
            """);

    Run run = lint(file.toString());

    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(run.lines())
        .containsExactly(
            file
                + ":4: Campaign/sale: spec.schedule.start: warning: starts on a Sunday (Sunday"
                + " 2027-03-21 10:00 Europe/Paris): held until Monday 2027-03-22 08:00"
                + " (Europe/Paris) under fr-marketing",
            "1 file, 4 documents: 0 errors, 1 warning");
  }

  @Test
  void aTemplateThatFallsToUcs2OrCrowdsOutTheStopMentionIsAWarning() throws IOException {
    Path file =
        campaign(
            """
            type: marketing
            senderIdRef: shop
            audience: {list: customers}
            template: "Fête des mères : -30% sur tout le magasin ce week-end, {{firstName|chère cliente}} !"
            """);

    Run run = lint(file.toString());

    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(run.lines())
        .contains(
            file
                + ":4: Campaign/sale: spec.template: warning: falls to UCS-2 because of ê (U+00EA)"
                + " at column 2 in the template (67 to 70 characters a part instead of"
                + " 153 to 160): 2 parts instead of 1 for the shortest message; set"
                + " spec.transliterate: true to send it in GSM-7; on route carrier-fr at 0.038 EUR"
                + " a part, 0.076 EUR a message instead of 0.038 (cost doubles)");

    Path longer =
        campaign(
            "type: marketing\nsenderIdRef: shop\naudience: {list: customers}\ntemplate: \""
                + "Soldes d'hiver -20% sur tout le magasin. ".repeat(3)
                + "Offre valable jusqu'a samedi soir\"\n");
    Run crowded = lint(longer.toString());

    assertThat(crowded.lines())
        .contains(
            longer
                + ":4: Campaign/sale: spec.template: warning: marketing template leaves no room"
                + " for the STOP mention 'STOP 36111' the scheduler appends: the shortest message"
                + " takes 2 parts instead of 1; on route carrier-fr at 0.038 EUR a part, 0.076"
                + " EUR a message instead of 0.038 (cost doubles)");
  }

  @Test
  void withTransliterationOnlyCharactersWithoutLookAlikeKeepAUcs2Warning() throws IOException {
    String promotion =
        "Les soldes commencent demain : -30% sur toute la collection d’hiver en magasin et sur le"
            + " site, jusqu'à dimanche. Code SOLDES30";
    Path asWritten =
        campaign(
            "type: marketing\nsenderIdRef: shop\naudience: {list: customers}\ntemplate: \""
                + promotion
                + "\"\n");
    assertThat(lint(asWritten.toString()).lines())
        .contains(
            asWritten
                + ":4: Campaign/sale: spec.template: warning: falls to UCS-2 because of ’ (U+2019)"
                + " at column 62 in the template (67 to 70 characters a part instead of 153 to"
                + " 160): 3 parts instead of 1 for the shortest message; set spec.transliterate:"
                + " true to send it in GSM-7; on route carrier-fr at 0.038 EUR a part, 0.114 EUR a"
                + " message instead of 0.038");

    Path transliterated =
        campaign(
            "type: marketing\nsenderIdRef: shop\naudience: {list: customers}\ntransliterate:"
                + " true\ntemplate: \""
                + promotion
                + "\"\n");
    Run clean = lint(transliterated.toString());
    assertThat(clean.exit()).as(clean.out()).isZero();
    assertThat(clean.out()).doesNotContain("UCS-2");

    Path emoji =
        campaign(
            "type: marketing\nsenderIdRef: shop\naudience: {list: customers}\ntransliterate:"
                + " true\ntemplate: \"C’est parti 🎉 -30% ce week-end\"\n");
    assertThat(lint(emoji.toString()).lines())
        .contains(
            emoji
                + ":4: Campaign/sale: spec.template: warning: falls to UCS-2 because of 🎉"
                + " (U+1F389) at column 13 in the template (67 to 70 characters a part instead of"
                + " 153 to 160): still 1 part, with less room for contact values for the shortest"
                + " message; 🎉 has no GSM-7 look-alike, so the message stays UCS-2");
  }

  @Test
  void aVariantTheSchedulerWouldRefuseIsAnErrorAtThatVariant() throws IOException {
    Path file =
        campaign(
            """
            type: marketing
            senderIdRef: shop
            audience: {list: customers}
            template: "Bonjour {{firstName|client}}, -20% ce week-end"
            maxParts: 1
            variants:
              - name: a
                template: "-20% ce week-end"
              - name: long
                template: "LONG"
            """
                .replace("LONG", "x".repeat(200)));

    Run run = lint(file.toString());
    assertThat(run.exit()).isNotZero();
    assertThat(run.lines())
        .anySatisfy(line ->
            assertThat(line)
                .contains(
                    "Campaign/sale: spec.variants[1].template: error: a message may take up to 2"
                        + " SMS parts")
                .endsWith("shorten the template or raise spec.maxParts"));
  }

  @Test
  void aTemplateNoVariantRepeatsIsPointedOutAsNotSent() throws IOException {
    Path file =
        campaign(
            """
            type: marketing
            senderIdRef: shop
            audience: {list: customers}
            template: "Bonjour, -20% ce week-end"
            variants:
              - name: a
                template: "-20% ce week-end"
              - name: b
                template: "Ce week-end : -20%"
            """);

    assertThat(lint(file.toString()).lines())
        .anySatisfy(line ->
            assertThat(line)
                .contains("Campaign/sale: spec.template: warning: not sent: with spec.variants"));
  }

  @Test
  void eachVariantsEncodingIsPreviewed() throws IOException {
    Path file =
        campaign(
            """
            type: marketing
            senderIdRef: shop
            audience: {list: customers}
            template: "Bonjour {{firstName|client}}, -20% ce week-end"
            variants:
              - name: a
                template: "Bonjour {{firstName|client}}, -20% ce week-end"
              - name: b
                template: "C’est le week-end : -20% pour vous, {{firstName|client}}"
            """);

    assertThat(lint(file.toString()).lines())
        .anySatisfy(line ->
            assertThat(line)
                .startsWith(file + ":")
                .contains(
                    "Campaign/sale: spec.variants[1].template: warning: falls to UCS-2 because of"
                        + " ’ (U+2019) at column 2 in the template")
                .contains("set spec.transliterate: true"))
        .noneSatisfy(line -> assertThat(line).contains("spec.variants[0].template"))
        // The template is not sent: its preview would point at the wrong text.
        .noneSatisfy(line -> assertThat(line).contains("spec.template"));
  }

  @Test
  void referencesOutsideTheLintedFilesAreWarningsAndTheDeclaredTimeZoneIsApplied()
      throws IOException {
    Path file =
        write(
            "alone.yaml",
            """
            apiVersion: relais.dev/v1alpha1
            kind: Campaign
            metadata: {name: alone, namespace: elsewhere}
            spec:
              type: transactional
              senderIdRef: missing
              audience: {segmentRef: absent}
              template: "Votre commande est prête"
              schedule: {timeZone: America/New_York}
            """);

    Run run = lint(file.toString());

    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(run.out())
        .contains("spec.senderIdRef: warning: SenderId missing is not among the linted manifests")
        .contains("spec.audience.segmentRef: warning: Segment absent is not among")
        .contains("metadata.namespace: warning: no SmsPlatform among")
        .contains("metadata.namespace: warning: no SmppRoute among")
        .doesNotContain("spec.schedule.timeZone");
  }

  @Test
  void theJUnitReportHasOneTestCasePerDocumentFailedByItsErrors() throws Exception {
    Path file =
        campaign(
            """
            type: marketing
            senderIdRef: shop
            audience: {list: customers}
            template: "Soldes : {{link}}"
            """);
    Path report = dir.resolve("reports/lint.xml");

    Run run = lint("--junit", report.toString(), file.toString());

    assertThat(run.exit()).isEqualTo(1);
    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
    Element suite = xml.getDocumentElement();
    assertThat(suite.getTagName()).isEqualTo("testsuite");
    assertThat(suite.getAttribute("tests")).isEqualTo("4");
    assertThat(suite.getAttribute("failures")).isEqualTo("1");
    NodeList cases = suite.getElementsByTagName("testcase");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < cases.getLength(); i++) {
      Element testCase = (Element) cases.item(i);
      assertThat(testCase.getAttribute("classname")).isEqualTo(file.toString());
      names.add(testCase.getAttribute("name"));
      NodeList failures = testCase.getElementsByTagName("failure");
      if (testCase.getAttribute("name").equals("document 4: Campaign/sale")) {
        assertThat(failures.getLength()).isEqualTo(1);
        assertThat(((Element) failures.item(0)).getAttribute("message"))
            .startsWith(
                "{{link}} leads to the campaign's landing URL, and the campaign declares none");
      } else {
        assertThat(failures.getLength()).isZero();
      }
    }
    assertThat(names)
        .containsExactly(
            "document 1: SmsPlatform/relais",
            "document 2: SmppRoute/carrier-fr",
            "document 3: SenderId/shop",
            "document 4: Campaign/sale");
  }

  @Test
  void aFileThatIsNoYamlIsAnError() throws IOException {
    Path file = write("broken.yaml", "apiVersion: v1\nkind: [unclosed\n");

    Run run = lint(file.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains(file + ":0: error: not valid YAML");
  }

  @Test
  void aPolicyTheSchedulerDeclaresIsKnownWithPolicies() throws IOException {
    Path file =
        campaign(
            """
            type: marketing
            senderIdRef: shop
            audience: {list: customers}
            template: "Soldes d'hiver -20%"
            policy: be-marketing
            """);

    Run unknown = lint(file.toString());
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.lines())
        .contains(
            file
                + ":4: Campaign/sale: spec: error: unknown compliance policy 'be-marketing';"
                + " known policies: fr-marketing, transactional");

    Run declared =
        lint("--policies", "be-marketing MON-SAT 09:00-20:00 marketing", file.toString());
    assertThat(declared.exit()).as(declared.out()).isZero();

    Run malformed = lint("--policies", "be-marketing MON-SAT", file.toString());
    assertThat(malformed.exit()).isEqualTo(2);
    assertThat(malformed.err()).contains("--policies: policy 'be-marketing MON-SAT' must read");
  }

  @Test
  void aPolicyTheNamespacesSmsPlatformDeclaresIsKnownAndAMalformedOneIsThePlatformsError()
      throws IOException {
    Path file =
        campaign(
            """
            type: marketing
            senderIdRef: shop
            audience: {list: customers}
            template: "Soldes d'hiver -20%"
            policy: be-marketing
            """);
    String platform =
        """
        apiVersion: relais.dev/v1alpha1
        kind: SmsPlatform
        metadata: {name: relais, namespace: shop}
        spec:
          version: 0.1.0
          cassandra: {contactPoints: ["cassandra:9042"]}
          compliance:
            policies:
              - %s
        """;

    write("platform.yaml", platform.formatted("be-marketing MON-SAT 09:00-20:00 marketing"));
    Run declared = lint(dir.toString());
    assertThat(declared.exit()).as(declared.out()).isZero();

    Path malformed = write("platform.yaml", platform.formatted("be-marketing MON-SAT 09:00"));
    Run refused = lint(dir.toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.lines())
        .anyMatch(line ->
            line.startsWith(malformed + ":1: SmsPlatform/relais: spec.compliance.policies: error:")
                && line.contains("the scheduler would not start: policy be-marketing: hours"));
    assertThat(refused.out())
        .as("the campaign naming it")
        .contains("unknown compliance policy 'be-marketing'");
  }

  @Test
  void aKustomizationAmongTheManifestsIsSkipped() throws IOException {
    Path file =
        write(
            "kustomization.yaml",
            """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources: [campaign.yaml]
            """);

    Run run = lint(file.toString());

    assertThat(run.exit()).isZero();
    assertThat(run.lines()).containsExactly("1 file, 1 document: 0 errors, 0 warnings");
  }

  @Test
  void aMissingPathOrNoPathIsAUsageProblem() {
    Run missing = lint(dir.resolve("nowhere").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file or directory: " + dir.resolve("nowhere"));

    Run none = lint();
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("Missing required parameter");
  }
}
