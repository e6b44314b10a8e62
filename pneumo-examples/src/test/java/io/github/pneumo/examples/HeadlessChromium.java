package io.github.pneumo.examples;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Opens a page in headless Chromium (Debian's {@code chromium}) and inspects it the way a person's browser
 * shows it, through the DevTools protocol over the JDK's WebSocket client (no driver, nothing
 * downloaded): console errors and uncaught exceptions, every image's natural size once decoded, the
 * section headings, and a full-page screenshot. Tests skip with a message when no Chromium is installed.
 */
public final class HeadlessChromium {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String INSPECT = """
      Promise.all(Array.from(document.images).map(i => i.decode().catch(() => null))).then(() => JSON.stringify({
        images: Array.from(document.images).map(i => ({alt: i.alt, complete: i.complete,
            width: i.naturalWidth, height: i.naturalHeight, inGallery: !!i.closest('.gallery')})),
        headings: Array.from(document.querySelectorAll('h1, h2')).map(h => h.textContent),
        pageHeight: document.documentElement.scrollHeight}))""";

  /**
   * One image of the page.
   *
   * @param alt its alt text
   * @param complete whether loading finished
   * @param width natural width in pixels (0 when it failed to decode)
   * @param height natural height
   * @param inGallery whether it sits in a {@code .gallery} (the report's overlays)
   */
  public record Image(String alt, boolean complete, int width, int height, boolean inGallery) {}

  /**
   * What the browser showed.
   *
   * @param errors console errors, uncaught exceptions and error log entries, as text
   * @param images the page's images
   * @param headings the h1 and h2 texts, in order
   * @param screenshot a PNG of the whole page
   */
  public record Page(List<String> errors, List<Image> images, List<String> headings, byte[] screenshot) {}

  private HeadlessChromium() {}

  /**
   * The Chromium executable, or a skip with a message.
   *
   * @return the executable
   */
  public static Path assumeInstalled() {
    Optional<Path> exe = find();
    Assumptions.assumeTrue(exe.isPresent(),
        "no headless Chromium (Debian package chromium) on this machine: skipping the browser check");
    return exe.orElseThrow();
  }

  private static Optional<Path> find() {
    List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin/chromium")));
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
          candidates.add(Path.of(dir, name));
        }
      }
    }
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  /**
   * Loads a file in a fresh headless Chromium and inspects it.
   *
   * @param chromium the executable
   * @param html the page
   * @param width the viewport width of the screenshot
   * @return what the browser showed
   * @throws Exception when the browser cannot be driven
   */
  public static Page open(Path chromium, Path html, int width) throws Exception {
    Path profile = Files.createTempDirectory("pneumo-chromium");
    Process browser = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank")
        .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
    try {
      int port = devToolsPort(profile, browser);
      HttpClient http = HttpClient.newHttpClient();
      String targets = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
          .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString()).body();
      String ws = null;
      for (JsonElement t : JsonParser.parseString(targets).getAsJsonArray()) {
        if (t.getAsJsonObject().get("type").getAsString().equals("page")) {
          ws = t.getAsJsonObject().get("webSocketDebuggerUrl").getAsString();
          break;
        }
      }
      if (ws == null) {
        throw new IllegalStateException("Chromium shows no page target: " + targets);
      }
      try (Session s = new Session(http, URI.create(ws))) {
        return inspect(s, html, width);
      }
    } finally {
      browser.destroy();
      if (!browser.waitFor(20, TimeUnit.SECONDS)) {
        browser.destroyForcibly();
      }
      deleteTree(profile);
    }
  }

  private static Page inspect(Session s, Path html, int width) throws Exception {
    s.call("Page.enable", new JsonObject());
    s.call("Runtime.enable", new JsonObject());
    s.call("Log.enable", new JsonObject());
    CompletableFuture<JsonObject> loaded = s.next("Page.loadEventFired");
    JsonObject navigate = new JsonObject();
    navigate.addProperty("url", html.toUri().toString());
    JsonObject nav = s.call("Page.navigate", navigate);
    if (nav.has("errorText")) {
      throw new IllegalStateException("Chromium cannot open " + html + ": " + nav.get("errorText").getAsString());
    }
    loaded.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    JsonObject eval = new JsonObject();
    eval.addProperty("expression", INSPECT);
    eval.addProperty("awaitPromise", true);
    eval.addProperty("returnByValue", true);
    JsonObject result = s.call("Runtime.evaluate", eval);
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException("page inspection failed: " + result.get("exceptionDetails"));
    }
    JsonObject page = JsonParser.parseString(result.getAsJsonObject("result").get("value").getAsString())
        .getAsJsonObject();
    List<Image> images = new ArrayList<>();
    for (JsonElement e : page.getAsJsonArray("images")) {
      JsonObject i = e.getAsJsonObject();
      images.add(new Image(i.get("alt").getAsString(), i.get("complete").getAsBoolean(), i.get("width").getAsInt(),
          i.get("height").getAsInt(), i.get("inGallery").getAsBoolean()));
    }
    List<String> headings = new ArrayList<>();
    page.getAsJsonArray("headings").forEach(h -> headings.add(h.getAsString()));

    JsonObject metrics = new JsonObject();
    metrics.addProperty("width", width);
    metrics.addProperty("height", Math.min(8000, Math.max(600, page.get("pageHeight").getAsInt())));
    metrics.addProperty("deviceScaleFactor", 1);
    metrics.addProperty("mobile", false);
    s.call("Emulation.setDeviceMetricsOverride", metrics);
    JsonObject shot = new JsonObject();
    shot.addProperty("format", "png");
    shot.addProperty("captureBeyondViewport", true);
    byte[] png = Base64.getDecoder().decode(s.call("Page.captureScreenshot", shot).get("data").getAsString());
    return new Page(List.copyOf(s.errors), images, headings, png);
  }

  private static int devToolsPort(Path profile, Process browser) throws Exception {
    Path file = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)) {
        List<String> lines = Files.readAllLines(file);
        if (!lines.isEmpty() && !lines.get(0).isBlank()) {
          return Integer.parseInt(lines.get(0).trim());
        }
      }
      if (!browser.isAlive()) {
        throw new IllegalStateException("Chromium exited with " + browser.exitValue() + ": "
            + Files.readString(profile.resolve("chromium.log")));
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("Chromium did not open its DevTools port within " + TIMEOUT);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary profile is harmless
    }
  }

  /** One DevTools WebSocket session: numbered calls with replies, and the events collected. */
  private static final class Session implements WebSocket.Listener, AutoCloseable {
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> replies = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<JsonObject>> awaited = new ConcurrentHashMap<>();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final StringBuilder frame = new StringBuilder();

    Session(HttpClient http, URI uri) {
      this.socket = http.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(uri, this).join();
    }

    JsonObject call(String method, JsonObject params) throws Exception {
      int id = ids.incrementAndGet();
      CompletableFuture<JsonObject> reply = new CompletableFuture<>();
      replies.put(id, reply);
      JsonObject message = new JsonObject();
      message.addProperty("id", id);
      message.addProperty("method", method);
      message.add("params", params);
      socket.sendText(message.toString(), true).join();
      JsonObject r = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (r.has("error")) {
        throw new IllegalStateException(method + " failed: " + r.get("error"));
      }
      return r.getAsJsonObject("result");
    }

    CompletableFuture<JsonObject> next(String event) {
      return awaited.computeIfAbsent(event, e -> new CompletableFuture<>());
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      frame.append(data);
      if (last) {
        JsonObject m = JsonParser.parseString(frame.toString()).getAsJsonObject();
        frame.setLength(0);
        if (m.has("id")) {
          CompletableFuture<JsonObject> reply = replies.remove(m.get("id").getAsInt());
          if (reply != null) {
            reply.complete(m);
          }
        } else {
          event(m.get("method").getAsString(), m.getAsJsonObject("params"));
        }
      }
      ws.request(1);
      return null;
    }

    private void event(String method, JsonObject params) {
      switch (method) {
        case "Runtime.consoleAPICalled" -> {
          String type = params.get("type").getAsString();
          if (type.equals("error") || type.equals("assert")) {
            errors.add("console." + type + ": " + params.getAsJsonArray("args"));
          }
        }
        case "Runtime.exceptionThrown" -> errors.add("uncaught: " + params.get("exceptionDetails"));
        case "Log.entryAdded" -> {
          JsonObject entry = params.getAsJsonObject("entry");
          if (entry.get("level").getAsString().equals("error")) {
            errors.add("log: " + entry.get("text").getAsString()
                + (entry.has("url") ? " (" + entry.get("url").getAsString() + ")" : ""));
          }
        }
        default -> { }
      }
      CompletableFuture<JsonObject> waiting = awaited.get(method);
      if (waiting != null) {
        waiting.complete(params);
      }
    }

    @Override
    public void close() {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
    }
  }
}
