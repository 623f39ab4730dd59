package io.herald.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretTest {
  private final Secret secret = new Secret("s3cret-key-é");

  @Test
  void onlyTheExactValueMatches() {
    assertThat(secret.matches("s3cret-key-é")).isTrue();
    assertThat(secret.matches("s3cret-key-e")).isFalse();
    assertThat(secret.matches("s3cret-key-")).as("a prefix").isFalse();
    assertThat(secret.matches("s3cret-key-éé")).as("an extension").isFalse();
    assertThat(secret.matches("S3CRET-KEY-É")).as("case").isFalse();
    assertThat(secret.matches("")).isFalse();
    assertThat(secret.matches(null)).isFalse();
  }

  @Test
  void neverShowsItself() {
    assertThat(secret.toString()).doesNotContain("s3cret");
  }
}
