package dev.annogan.examples.serve;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.annogan.datasets.coco.CocoImage;
import dev.annogan.datasets.labeltools.ImagePrediction;
import dev.annogan.datasets.labeltools.LabelStudio;
import dev.annogan.examples.annotate.FolderAnnotator;
import dev.annogan.examples.annotate.ImageAnnotator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A trained annotator speaking Label Studio's ML-backend protocol over HTTP (the JDK's server):
 *
 * <ul>
 *   <li>{@code GET /health} (and {@code /}): {@code {"status": "UP", "model_version": ...}}.
 *   <li>{@code POST /setup}: Label Studio connecting a project; answers its {@code model_version}.
 *   <li>{@code POST /predict}: {@code {"tasks": [...]}} in, {@code {"results": [...],
 *       "model_version": ...}} out, one prediction per task in the tasks' order, as {@code annogan
 *       annotate} writes them into {@code tasks.json}. A task whose image cannot be read gets an
 *       empty {@code result} and an {@code error}; the others are answered.
 * </ul>
 *
 * <p>A task's image is the {@code image} field of its {@code data} (or its first text field): an
 * {@code http(s)} address, an address relative to Label Studio ({@code /data/upload/...}, fetched
 * from {@code LABEL_STUDIO_URL} with {@code Authorization: Token LABEL_STUDIO_API_KEY}), Label
 * Studio's local-file address ({@code /data/local-files/?d=PATH}, read from the disk under {@code
 * LABEL_STUDIO_LOCAL_FILES_DOCUMENT_ROOT} when set, and refused outside it), a {@code file:}
 * address or a path. Bodies over the size limit get 413, malformed JSON 400, each with {@code
 * {"error": ...}}.
 */
public final class LabelStudioBackend implements AutoCloseable {

    /**
     * How the backend runs.
     *
     * @param model the model folder of a trained tagger or segmenter
     * @param host the address to listen on
     * @param port the port (0 picks a free one)
     * @param threads requests handled at once
     * @param maxBodyBytes the largest request body accepted
     * @param labelStudioUrl Label Studio's address for relative image addresses, or null
     * @param apiKey Label Studio's API token for fetching images from it, or null
     * @param settings threshold, minimum object area and polygon simplification
     */
    public record Options(
            Path model,
            String host,
            int port,
            int threads,
            long maxBodyBytes,
            String labelStudioUrl,
            String apiKey,
            ImageAnnotator.Settings settings) {}

    private static final Gson GSON = new Gson();

    /** How much of an over-long body is read (and dropped) before answering 413. */
    private static final long DRAIN_LIMIT = 256L << 20;

    /** Images per forward pass: a request of hundreds of tasks is answered in chunks. */
    private static final int BATCH = 8;

    private final Options options;
    private final ImageAnnotator annotator;
    private final String modelVersion;
    private final List<String> names;
    private final HttpServer server;
    private final ExecutorService workers;
    private final HttpClient client;
    private final HttpClient labelStudioClient;
    private final URI labelStudio;
    private final Path localRoot;
    private final Path downloads;
    private final PrintStream log;

    private LabelStudioBackend(Options options, ImageAnnotator annotator, PrintStream log)
            throws IOException {
        this.options = options;
        this.annotator = annotator;
        this.log = log;
        this.modelVersion = FolderAnnotator.modelVersion(options.model(), annotator.spec());
        this.names = annotator.categoryNames();
        this.client =
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build();
        // The token goes to Label Studio's own address only, and never on to a redirect.
        this.labelStudioClient =
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
        this.labelStudio =
                options.labelStudioUrl() == null ? null : URI.create(options.labelStudioUrl());
        String root = System.getenv("LABEL_STUDIO_LOCAL_FILES_DOCUMENT_ROOT");
        if (root == null) {
            root = System.getenv("LOCAL_FILES_DOCUMENT_ROOT");
        }
        this.localRoot = root == null ? null : Path.of(root).toAbsolutePath().normalize();
        this.server = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 64);
        this.downloads = Files.createTempDirectory("annogan-serve");
        this.workers = Executors.newFixedThreadPool(options.threads());
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Loads the model and starts listening.
     *
     * @param options how to run
     * @param log where each request is logged, one line
     * @return the running backend; {@link #close()} stops it
     * @throws IOException if the model does not load or the port is taken
     */
    public static LabelStudioBackend start(Options options, PrintStream log) throws IOException {
        ImageAnnotator annotator = ImageAnnotator.open(options.model(), options.settings());
        try {
            return new LabelStudioBackend(options, annotator, log);
        } catch (IOException | RuntimeException e) {
            annotator.close();
            throw e;
        }
    }

    /** Returns the port the backend listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Returns the {@code model_version} the backend reports. */
    public String modelVersion() {
        return modelVersion;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            switch (path) {
                case "/", "/health" -> {
                    if (!method.equals("GET")) {
                        error(exchange, 405, "use GET for " + path);
                        return;
                    }
                    JsonObject health = new JsonObject();
                    health.addProperty("status", "UP");
                    health.addProperty("model_class", "AnnoGAN " + annotator.spec().kind().label());
                    health.addProperty("model_version", modelVersion);
                    send(exchange, 200, health);
                }
                case "/setup", "/predict", "/webhook" -> {
                    if (!method.equals("POST")) {
                        error(exchange, 405, "use POST for " + path);
                        return;
                    }
                    byte[] body = readBody(exchange);
                    if (body == null) {
                        error(
                                exchange,
                                413,
                                "the request body is over the limit of "
                                        + options.maxBodyBytes()
                                        + " bytes");
                        return;
                    }
                    JsonObject request;
                    try {
                        JsonElement parsed =
                                JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
                        if (!parsed.isJsonObject()) {
                            error(exchange, 400, "the body must be a JSON object");
                            return;
                        }
                        request = parsed.getAsJsonObject();
                    } catch (JsonParseException e) {
                        error(exchange, 400, "the body is not valid JSON: " + e.getMessage());
                        return;
                    }
                    switch (path) {
                        case "/setup" -> {
                            JsonObject answer = new JsonObject();
                            answer.addProperty("model_version", modelVersion);
                            send(exchange, 200, answer);
                        }
                        case "/webhook" -> send(exchange, 200, new JsonObject());
                        default -> predict(exchange, request);
                    }
                }
                default -> error(exchange, 404, "no such endpoint: " + path);
            }
        } catch (IOException | RuntimeException e) {
            log.println("serve: request failed: " + e);
            if (exchange.getResponseCode() == -1) {
                try {
                    error(exchange, 500, "the request failed: " + e.getMessage());
                } catch (IOException | RuntimeException ignored) {
                    // The client has gone; nothing more to tell it.
                }
            }
        }
    }

    private void predict(HttpExchange exchange, JsonObject request) throws IOException {
        JsonElement tasks = request.get("tasks");
        if (tasks == null || !tasks.isJsonArray()) {
            error(exchange, 400, "the body needs a 'tasks' list");
            return;
        }
        JsonArray list = tasks.getAsJsonArray();
        JsonObject[] answers = new JsonObject[list.size()];
        List<ImageAnnotator.LoadedImage> images = new ArrayList<>();
        List<CocoImage> entries = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String address = null;
            try {
                address = imageAddress(list.get(i), i);
                ImageAnnotator.LoadedImage image = loadImage(address);
                images.add(image);
                entries.add(
                        new CocoImage(i + 1L, address, image.width(), image.height(), null, null));
                positions.add(i);
            } catch (IOException | IllegalArgumentException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                answers[i] = failed(address, e.getMessage());
            }
        }
        for (int from = 0; from < images.size(); from += BATCH) {
            int to = Math.min(images.size(), from + BATCH);
            List<ImageAnnotator.Annotation> annotations =
                    annotator.annotate(images.subList(from, to), entries.subList(from, to), false);
            for (int j = 0; j < annotations.size(); j++) {
                ImagePrediction kept = annotations.get(j).kept();
                answers[positions.get(from + j)] =
                        LabelStudio.prediction(kept, names, modelVersion);
            }
        }
        JsonObject response = new JsonObject();
        JsonArray results = new JsonArray();
        for (JsonObject answer : answers) {
            results.add(answer);
        }
        response.add("results", results);
        response.addProperty("model_version", modelVersion);
        send(exchange, 200, response);
        log.printf(
                "serve: predicted %d tasks (%d failed)%n",
                list.size(), list.size() - images.size());
    }

    private JsonObject failed(String address, String message) {
        JsonObject answer = new JsonObject();
        answer.addProperty("model_version", modelVersion);
        answer.addProperty("score", 0);
        answer.add("result", new JsonArray());
        answer.addProperty("error", (address == null ? "" : address + ": ") + message);
        return answer;
    }

    /** Returns the task's image address: {@code data.image}, or its first text field. */
    private static String imageAddress(JsonElement task, int index) {
        if (!task.isJsonObject()
                || !task.getAsJsonObject().has("data")
                || !task.getAsJsonObject().get("data").isJsonObject()) {
            throw new IllegalArgumentException("task " + index + " has no 'data' object");
        }
        JsonObject data = task.getAsJsonObject().getAsJsonObject("data");
        JsonElement image = data.get(LabelStudio.IMAGE);
        if (image != null && image.isJsonPrimitive()) {
            return image.getAsString();
        }
        for (Map.Entry<String, JsonElement> field : data.entrySet()) {
            if (field.getValue().isJsonPrimitive()
                    && field.getValue().getAsJsonPrimitive().isString()) {
                return field.getValue().getAsString();
            }
        }
        throw new IllegalArgumentException("task " + index + " has no image address in 'data'");
    }

    /** Reads the image an address names, from the disk or over HTTP. */
    private ImageAnnotator.LoadedImage loadImage(String address)
            throws IOException, InterruptedException {
        Path local = localFile(address);
        if (local != null) {
            if (!Files.isRegularFile(local)) {
                throw new IOException("no such image file: " + local);
            }
            return annotator.load(local);
        }
        URI url;
        if (address.startsWith("/")) {
            if (labelStudio == null) {
                throw new IOException(
                        "a relative image address needs LABEL_STUDIO_URL (Label Studio's address)");
            }
            url = labelStudio.resolve(address);
        } else {
            url = URI.create(address);
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IOException("not an image address or path AnnoGAN can read");
        }
        boolean toLabelStudio = labelStudio != null && sameOrigin(url, labelStudio);
        HttpRequest.Builder request =
                HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET();
        if (toLabelStudio && options.apiKey() != null) {
            request.header("Authorization", "Token " + options.apiKey());
        }
        Path file = Files.createTempFile(downloads, "image", ".bin");
        try {
            HttpResponse<Path> response =
                    (toLabelStudio ? labelStudioClient : client)
                            .send(request.build(), HttpResponse.BodyHandlers.ofFile(file));
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode() + " fetching the image");
            }
            return annotator.load(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Returns whether two addresses share scheme, host and port: where a token may go. */
    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null
                && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1
                ? uri.getPort()
                : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /**
     * Returns the file an address names on this machine, or null for a web address: a path (read
     * where it exists), a {@code file:} address, or Label Studio's local-file address, resolved
     * under its document root ({@code LABEL_STUDIO_LOCAL_FILES_DOCUMENT_ROOT}) and refused outside
     * it.
     */
    private Path localFile(String address) throws IOException {
        if (address.startsWith("file:")) {
            return Path.of(URI.create(address));
        }
        String localFiles = "/data/local-files/?d=";
        if (address.startsWith(localFiles)) {
            String relative =
                    URLDecoder.decode(
                            address.substring(localFiles.length()), StandardCharsets.UTF_8);
            if (localRoot == null) {
                return Path.of(relative);
            }
            Path file = localRoot.resolve(relative.replaceFirst("^/+", "")).normalize();
            if (!file.startsWith(localRoot)) {
                throw new IOException(
                        "the local-file address leaves the document root " + localRoot);
            }
            return file;
        }
        if (address.startsWith("http://") || address.startsWith("https://")) {
            return null;
        }
        Path path = Path.of(address);
        // "/data/upload/..." is Label Studio's unless such a file is here (a shared volume).
        return address.startsWith("/data/") && !Files.exists(path) ? null : path;
    }

    /** Reads the body, or returns null when it is longer than the limit. */
    private byte[] readBody(HttpExchange exchange) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        long read = 0;
        try (InputStream in = exchange.getRequestBody()) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                read += n;
                if (read <= options.maxBodyBytes()) {
                    body.write(buffer, 0, n);
                } else if (read > DRAIN_LIMIT) {
                    // Too large to read to the end: answer now, the client may see a reset.
                    return null;
                }
            }
        }
        // A body over the limit is read to its end (kept out of memory), so that the client
        // gets the 413 rather than a broken connection.
        return read > options.maxBodyBytes() ? null : body.toByteArray();
    }

    private static void error(HttpExchange exchange, int status, String message)
            throws IOException {
        JsonObject json = new JsonObject();
        json.addProperty("error", message);
        send(exchange, status, json);
    }

    private static void send(HttpExchange exchange, int status, JsonObject json)
            throws IOException {
        byte[] bytes = GSON.toJson(json).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops listening, lets requests in progress finish (up to 30 s), and closes the model. */
    @Override
    public void close() {
        server.stop(1);
        workers.shutdown();
        try {
            // Requests in progress still use the model: let them finish before it is closed.
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        annotator.close();
        try (var files = Files.list(downloads)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(downloads);
        } catch (IOException e) {
            // A leftover temporary folder is harmless.
        }
    }
}
