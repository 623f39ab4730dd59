package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testing.Http;
import io.herald.testing.TestHerald;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Static files from the classpath and from a folder, beside the routes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StaticFilesTest {
  @TempDir static Path folder;
  private static Herald herald;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    Files.writeString(folder.resolve("notes.txt"), "from disk");
    Files.writeString(folder.resolve(".hidden"), "no");
    herald =
        TestHerald.start(
            b ->
                b.staticFiles("/", StaticFiles.classpath("io/herald/test/site"))
                    .staticFiles("/files/", StaticFiles.directory(folder))
                    .get("/api/ping", r -> Response.text("pong")));
    http = new Http(herald.port());
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  @Test
  void servesClasspathFilesWithTypesAndIndex() throws Exception {
    HttpResponse<String> index = http.get("/");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.body()).contains("<h1>home</h1>");
    assertThat(index.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
    assertThat(index.headers().firstValue("x-content-type-options")).contains("nosniff");
    assertThat(http.get("/app.css").headers().firstValue("content-type"))
        .contains("text/css; charset=utf-8");
    assertThat(http.get("/docs/").body()).contains("docs");
    assertThat(http.get("/api/ping").body()).isEqualTo("pong");
  }

  @Test
  void etagAnswers304() throws Exception {
    HttpResponse<String> first = http.get("/app.css");
    String etag = first.headers().firstValue("etag").orElseThrow();
    HttpResponse<String> again = http.get("/app.css", "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
  }

  @Test
  void servesAFolderAndSeesEdits() throws Exception {
    assertThat(http.get("/files/notes.txt").body()).isEqualTo("from disk");
    Files.writeString(folder.resolve("notes.txt"), "edited");
    assertThat(http.get("/files/notes.txt").body()).isEqualTo("edited");
  }

  @Test
  void neverLeavesTheSource() throws Exception {
    String[] attempts = {
      "/../secret.txt",
      "/%2e%2e/secret.txt",
      "/docs/%2e%2e/%2e%2e/secret.txt",
      "/files/..%2f..%2fetc/passwd",
      "/files/.hidden",
      "/files/%2e%2e/notes.txt",
      "/a%5c..%5csecret.txt",
    };
    for (String attempt : attempts) {
      HttpResponse<String> response = http.get(attempt);
      assertThat(response.statusCode()).as(attempt).isEqualTo(404);
      assertThat(response.body())
          .as(attempt)
          .contains("\"error\":\"not_found\"")
          .doesNotContain("secret");
    }
  }

  @Test
  void onlyGetAndHead() throws Exception {
    HttpResponse<String> post = http.post("/app.css", "x");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("allow")).contains("GET, HEAD");
    assertThat(http.get("/missing.js").statusCode()).isEqualTo(404);
  }

  @Test
  void theBrowserClientIsServed() throws Exception {
    HttpResponse<String> script = http.get("/herald.js");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("content-type").orElseThrow())
        .startsWith("text/javascript");
    assertThat(script.body()).contains("Herald");
  }
}
