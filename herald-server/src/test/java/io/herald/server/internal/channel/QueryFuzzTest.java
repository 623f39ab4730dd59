package io.herald.server.internal.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.herald.protocol.ErrorCode;
import io.herald.protocol.Names;
import io.herald.protocol.ProtocolException;
import io.herald.server.LimitOptions;
import io.herald.server.PollOptions;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the parsing of SSE and poll requests with Jazzer: the query string as Netty decodes it for
 * the server ({@code channel}, {@code since}, {@code presence}, {@code wait}) and the {@code
 * Last-Event-ID} header, read by the same code as {@link SseEndpoint} and {@link PollEndpoint} with
 * the default limits. The invariant: a request is accepted within the limits, or refused with a
 * {@link ProtocolException} of a 4xx code; nothing else escapes.
 *
 * <p>An input is {@code <transport><query>[\n<Last-Event-ID>]}: an even first byte reads it as SSE,
 * an odd one as a poll. Without {@code JAZZER_FUZZ} only the seed corpus in {@code
 * QueryFuzzTestInputs/requests} runs (docs/security.md, "Fuzzing").
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class QueryFuzzTest {
  private static final LimitOptions LIMITS = LimitOptions.DEFAULTS;
  private static final Duration MAX_WAIT = PollOptions.DEFAULTS.maxWait();
  private static final Set<ErrorCode> REFUSALS =
      EnumSet.of(
          ErrorCode.INVALID_CHANNEL,
          ErrorCode.INVALID_OFFSET,
          ErrorCode.INVALID_PARAMETER,
          ErrorCode.TOO_MANY_CHANNELS);

  @FuzzTest(maxDuration = "12s")
  void requests(byte[] input) {
    if (input.length == 0) {
      return;
    }
    boolean sse = input[0] % 2 == 0;
    String text = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
    int newline = text.indexOf('\n');
    String query = newline < 0 ? text : text.substring(0, newline);
    String lastEventId = newline < 0 ? null : text.substring(newline + 1);
    Map<String, List<String>> parameters;
    try {
      parameters = new QueryStringDecoder((sse ? "/sse?" : "/poll?") + query).parameters();
    } catch (IllegalArgumentException e) {
      // Malformed escapes: the server answers 400 before any endpoint sees the request.
      return;
    }
    try {
      if (sse) {
        sse(parameters, lastEventId);
      } else {
        poll(parameters);
      }
    } catch (ProtocolException e) {
      assertThat(e.code()).isIn(REFUSALS);
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  private static void sse(Map<String, List<String>> parameters, String lastEventId) {
    String position = SseEndpoint.position(lastEventId, first(parameters, "since"));
    assertAccepted(ChannelRequest.parse(parameters, position, LIMITS));
  }

  private static void poll(Map<String, List<String>> parameters) {
    assertAccepted(ChannelRequest.parse(parameters, first(parameters, "since"), LIMITS));
    long wait = PollEndpoint.waitMillis(first(parameters, "wait"), MAX_WAIT);
    assertThat(wait).isBetween(0L, MAX_WAIT.toMillis());
  }

  private static void assertAccepted(ChannelRequest request) {
    assertThat(request.channels())
        .isNotEmpty()
        .hasSizeLessThanOrEqualTo(LIMITS.maxChannelsPerRequest())
        .doesNotHaveDuplicates()
        .allSatisfy(channel -> Names.channel(channel, LIMITS.maxChannelNameLength()));
    assertThat(request.cursor().size()).isEqualTo(request.channels().size());
  }

  private static String first(Map<String, List<String>> parameters, String name) {
    List<String> values = parameters.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
