package dev.relais.links.click;

import static dev.relais.links.click.ClickClassifier.Kind.BOT;
import static dev.relais.links.click.ClickClassifier.Kind.HUMAN;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClickClassifierTest {

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # Browsers of phones and computers, and the in-app browsers people click from
          HUMAN | Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1
          HUMAN | Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36
          HUMAN | Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36
          HUMAN | Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230805.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36
          HUMAN | Mozilla/5.0 (Linux; Android 9; CUBOT X20 PRO) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.6045.163 Mobile Safari/537.36
          HUMAN | Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/16.6;FBSS/3;FBID/phone;FBLC/fr_FR;FBOP/5]
          HUMAN | Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 309.1.0.41.113 (iPhone14,5; iOS 17_0; fr_FR; fr; scale=3.00; 1170x2532; 537288532)
          HUMAN | Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0
          HUMAN | Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0
          # Link-preview fetchers of messaging apps
          BOT | WhatsApp/2.23.20.0 A
          BOT | WhatsApp/2.21.12.21 i
          BOT | facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)
          BOT | Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0
          BOT | Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)
          BOT | Twitterbot/1.0
          BOT | TelegramBot (like TwitterBot)
          BOT | Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)
          BOT | Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5
          BOT | Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)
          BOT | LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)
          BOT | Mozilla/5.0 (compatible; LinkPreview/1.0)
          # Crawlers and generic bots
          BOT | Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)
          BOT | Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.71 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)
          BOT | Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)
          BOT | Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)
          BOT | Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)
          BOT | Mozilla/5.0 (Linux; Android 7.0;) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; PetalBot;+https://webmaster.petalsearch.com/site/petalbot)
          BOT | Mozilla/5.0 (compatible; SomeCrawler/3.1)
          BOT | Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36
          BOT | curl/8.4.0
          BOT | python-requests/2.31.0
          """)
  void userAgentsOfGet(ClickClassifier.Kind expected, String userAgent) {
    assertThat(ClickClassifier.classify("GET", userAgent)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1
          Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0
          """)
  void aHeadRequestIsABotEvenWithABrowsersUserAgent(String userAgent) {
    assertThat(ClickClassifier.classify("HEAD", userAgent)).isEqualTo(BOT);
    assertThat(ClickClassifier.classify("head", userAgent)).isEqualTo(BOT);
    assertThat(ClickClassifier.classify("GET", userAgent)).isEqualTo(HUMAN);
  }

  @ParameterizedTest
  @CsvSource(
      value = {"''", "'   '"},
      nullValues = "NULL")
  void aRequestWithoutUserAgentIsABot(String userAgent) {
    assertThat(ClickClassifier.classify("GET", userAgent)).isEqualTo(BOT);
    assertThat(ClickClassifier.classify("GET", null)).isEqualTo(BOT);
  }
}
