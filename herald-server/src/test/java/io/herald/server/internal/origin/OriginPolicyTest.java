package io.herald.server.internal.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.server.OriginOptions;
import io.herald.server.internal.origin.OriginPolicy.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {
  private static final OriginPolicy DEFAULT = OriginPolicy.of(OriginOptions.DEFAULTS);

  private static OriginPolicy allowing(String... origins) {
    return OriginPolicy.of(List.of(origins), false);
  }

  @Test
  void aRequestWithoutOriginIsNotABrowsersCrossSiteRequest() {
    assertThat(DEFAULT.judge(null, "herald.example", false)).isEqualTo(Verdict.NO_ORIGIN);
    assertThat(DEFAULT.judge(null, null, true)).isEqualTo(Verdict.NO_ORIGIN);
  }

  @Test
  void theServersOwnOriginIsAllowedByDefault() {
    assertThat(DEFAULT.judge("http://herald.example:8080", "herald.example:8080", false))
        .isEqualTo(Verdict.SAME_ORIGIN);
    // Default ports, written or not, and any case in the host.
    assertThat(DEFAULT.judge("http://Herald.Example", "herald.example:80", false))
        .isEqualTo(Verdict.SAME_ORIGIN);
    assertThat(DEFAULT.judge("https://herald.example:443", "HERALD.example", true))
        .isEqualTo(Verdict.SAME_ORIGIN);
    assertThat(DEFAULT.judge("http://[::1]:3000", "[::1]:3000", false))
        .isEqualTo(Verdict.SAME_ORIGIN);
    // Behind a proxy that terminates TLS, the page is https and the connection plain.
    assertThat(DEFAULT.judge("https://herald.example", "herald.example", false))
        .isEqualTo(Verdict.SAME_ORIGIN);
  }

  @Test
  void anyOtherOriginIsRefusedByDefault() {
    assertThat(DEFAULT.judge("https://evil.example", "herald.example", false))
        .isEqualTo(Verdict.REFUSED);
    // Another port is another origin.
    assertThat(DEFAULT.judge("http://herald.example:8081", "herald.example:8080", false))
        .isEqualTo(Verdict.REFUSED);
    assertThat(DEFAULT.judge("http://herald.example:8080", "herald.example", false))
        .isEqualTo(Verdict.REFUSED);
    // A plain http page is not the origin of a TLS server.
    assertThat(DEFAULT.judge("http://herald.example:443", "herald.example:443", true))
        .isEqualTo(Verdict.REFUSED);
    // A subdomain is another origin.
    assertThat(DEFAULT.judge("http://a.herald.example", "herald.example", false))
        .isEqualTo(Verdict.REFUSED);
    // Without a Host there is nothing to be the same as.
    assertThat(DEFAULT.judge("http://herald.example", null, false)).isEqualTo(Verdict.REFUSED);
  }

  @Test
  void aMalformedOriginIsRefused() {
    for (String origin :
        List.of("", "herald.example", "http://", "http://herald.example/", "http://a@b", "x:y")) {
      assertThat(DEFAULT.judge(origin, "herald.example", false))
          .as(origin)
          .isEqualTo(Verdict.REFUSED);
    }
    assertThat(DEFAULT.judge("http://herald.example:99999", "herald.example", false))
        .isEqualTo(Verdict.REFUSED);
  }

  @Test
  void theNullOriginIsRefusedUnlessListed() {
    assertThat(DEFAULT.judge("null", "herald.example", false)).isEqualTo(Verdict.REFUSED);
    assertThat(allowing("*").judge("null", "herald.example", false)).isEqualTo(Verdict.REFUSED);
    assertThat(allowing("null").judge("null", "herald.example", false)).isEqualTo(Verdict.ALLOWED);
  }

  @Test
  void listedOriginsAreAllowedExactly() {
    OriginPolicy policy = allowing("https://app.example.com", "http://localhost:5173");
    assertThat(policy.judge("https://app.example.com", "herald.example", false))
        .isEqualTo(Verdict.ALLOWED);
    assertThat(policy.judge("https://APP.example.com:443", "herald.example", false))
        .isEqualTo(Verdict.ALLOWED);
    assertThat(policy.judge("http://localhost:5173", "herald.example", false))
        .isEqualTo(Verdict.ALLOWED);
    assertThat(policy.judge("http://app.example.com", "herald.example", false))
        .isEqualTo(Verdict.REFUSED);
    assertThat(policy.judge("https://app.example.com:8443", "herald.example", false))
        .isEqualTo(Verdict.REFUSED);
    assertThat(policy.judge("https://app.example.com.evil.example", "herald.example", false))
        .isEqualTo(Verdict.REFUSED);
    assertThat(policy.judge("http://localhost:5174", "herald.example", false))
        .isEqualTo(Verdict.REFUSED);
  }

  @Test
  void aWildcardAllowsEverySubdomainButNotTheSiteItself() {
    OriginPolicy policy = allowing("https://*.example.com");
    assertThat(policy.judge("https://app.example.com", "h", false)).isEqualTo(Verdict.ALLOWED);
    assertThat(policy.judge("https://a.b.example.com", "h", false)).isEqualTo(Verdict.ALLOWED);
    assertThat(policy.judge("https://example.com", "h", false)).isEqualTo(Verdict.REFUSED);
    assertThat(policy.judge("https://evilexample.com", "h", false)).isEqualTo(Verdict.REFUSED);
    assertThat(policy.judge("http://app.example.com", "h", false)).isEqualTo(Verdict.REFUSED);
    assertThat(policy.judge("https://app.example.com:8443", "h", false)).isEqualTo(Verdict.REFUSED);
    assertThat(policy.judge("https://app.example.com.evil.example", "h", false))
        .isEqualTo(Verdict.REFUSED);
  }

  @Test
  void aStarAllowsAnyOrigin() {
    OriginPolicy policy = allowing("*");
    assertThat(policy.judge("https://anything.example", "h", false)).isEqualTo(Verdict.ALLOWED);
    assertThat(policy.judge("http://h", "h", false)).isEqualTo(Verdict.SAME_ORIGIN);
    assertThat(policy.judge("not an origin", "h", false)).isEqualTo(Verdict.REFUSED);
  }

  @Test
  void badEntriesAreRefusedWithTheReason() {
    assertThatThrownBy(() -> new OriginOptions(List.of("*"), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'*' cannot be combined with credentials");
    assertThatThrownBy(() -> new OriginOptions(List.of("https://app.example.com/"), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'https://app.example.com/' is not an origin");
    assertThatThrownBy(() -> new OriginOptions(List.of("app.example.com"), false))
        .hasMessageContaining("'app.example.com' is not an origin");
    assertThatThrownBy(() -> new OriginOptions(List.of("https://*example.com"), false))
        .hasMessageContaining("is not an origin");
    assertThatThrownBy(() -> new OriginOptions(List.of("https://app.*.example.com"), false))
        .hasMessageContaining("is not an origin");
    assertThat(new OriginOptions(List.of("https://*.example.com", "null"), true).credentials())
        .isTrue();
  }

  @Test
  void anOriginPrintsWithoutItsDefaultPort() {
    assertThat(WebOrigin.parse("HTTPS://App.Example.com:443"))
        .isEqualTo(new WebOrigin("https", "app.example.com", 443))
        .hasToString("https://app.example.com");
    assertThat(WebOrigin.parse("http://127.0.0.1:3000")).hasToString("http://127.0.0.1:3000");
  }
}
