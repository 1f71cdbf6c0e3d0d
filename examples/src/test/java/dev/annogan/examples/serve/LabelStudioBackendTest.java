package dev.annogan.examples.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import dev.annogan.datasets.coco.CocoImage;
import dev.annogan.datasets.labeltools.LabelStudio;
import dev.annogan.examples.annotate.ImageAnnotator;
import dev.annogan.examples.annotate.TestAnnotators;
import dev.annogan.examples.bench.ResidentMemory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code annogan serve} over real HTTP: Label Studio's health, setup and predict calls, images from
 * paths, local-file addresses and Label Studio itself (with its token), bad requests, concurrent
 * requests, and memory over many requests.
 */
class LabelStudioBackendTest {

    private static final int SIZE = 32;
    private static final int IMAGES = 8;
    private static final long MAX_BODY = 1 << 20;
    private static final String TOKEN = "secret-token";

    @TempDir static Path dir;

    private static TestAnnotators annotators;
    private static List<Path> files;
    private static LabelStudioBackend backend;
    private static HttpServer labelStudio;
    private static ImageAnnotator reference;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        annotators = TestAnnotators.write(dir, SIZE, IMAGES);
        try (Stream<Path> list = Files.list(annotators.images())) {
            files = list.sorted().toList();
        }
        // A stand-in for Label Studio serving uploaded images to holders of the token.
        labelStudio = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        labelStudio.createContext(
                "/data/upload/",
                exchange -> {
                    try (exchange) {
                        String name =
                                Path.of(exchange.getRequestURI().getPath())
                                        .getFileName()
                                        .toString();
                        Path file = annotators.images().resolve(name);
                        boolean allowed =
                                ("Token " + TOKEN)
                                        .equals(
                                                exchange.getRequestHeaders()
                                                        .getFirst("Authorization"));
                        if (!allowed || !Files.exists(file)) {
                            exchange.sendResponseHeaders(allowed ? 404 : 401, -1);
                            return;
                        }
                        byte[] bytes = Files.readAllBytes(file);
                        exchange.sendResponseHeaders(200, bytes.length);
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(bytes);
                        }
                    }
                });
        labelStudio.start();
        ImageAnnotator.Settings settings = new ImageAnnotator.Settings(0f, null, 1.0);
        backend =
                LabelStudioBackend.start(
                        new LabelStudioBackend.Options(
                                annotators.segmenter(),
                                "127.0.0.1",
                                0,
                                4,
                                MAX_BODY,
                                "http://127.0.0.1:" + labelStudio.getAddress().getPort(),
                                TOKEN,
                                settings),
                        new PrintStream(OutputStream.nullOutputStream()));
        reference = ImageAnnotator.open(annotators.segmenter(), settings);
    }

    @AfterAll
    static void stop() {
        backend.close();
        labelStudio.stop(0);
        reference.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(url(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(url(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI url(String path) {
        return URI.create("http://127.0.0.1:" + backend.port() + path);
    }

    private static JsonObject json(HttpResponse<String> response) {
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    private static String tasks(String... addresses) {
        JsonArray tasks = new JsonArray();
        for (int i = 0; i < addresses.length; i++) {
            JsonObject task = new JsonObject();
            task.addProperty("id", i + 100);
            JsonObject data = new JsonObject();
            data.addProperty("image", addresses[i]);
            task.add("data", data);
            tasks.add(task);
        }
        JsonObject request = new JsonObject();
        request.add("tasks", tasks);
        request.addProperty("project", "1.1700000000");
        request.addProperty("label_config", LabelStudio.config(List.of("circle"), true));
        return new Gson().toJson(request);
    }

    /** What annotate would write for the file, as Label Studio's prediction. */
    private static JsonObject expected(Path file) throws IOException {
        ImageAnnotator.LoadedImage image = reference.load(file);
        CocoImage entry =
                new CocoImage(1, file.toString(), image.width(), image.height(), null, null);
        return LabelStudio.prediction(
                reference.annotate(List.of(image), List.of(entry), false).get(0).kept(),
                reference.categoryNames(),
                backend.modelVersion());
    }

    @Test
    void healthAndSetupNameTheModel() throws Exception {
        HttpResponse<String> health = get("/health");
        assertEquals(200, health.statusCode());
        assertEquals("UP", json(health).get("status").getAsString());
        assertEquals(backend.modelVersion(), json(health).get("model_version").getAsString());
        HttpResponse<String> setup =
                post("/setup", "{\"project\": \"1.1\", \"schema\": \"<View/>\"}");
        assertEquals(200, setup.statusCode());
        assertEquals(backend.modelVersion(), json(setup).get("model_version").getAsString());
        assertTrue(backend.modelVersion().startsWith("annogan-segmenter-"));
    }

    @Test
    void predictAnswersEveryTaskInOrderFromEachKindOfAddress() throws Exception {
        String uploaded = "/data/upload/1/" + files.get(2).getFileName();
        HttpResponse<String> response =
                post(
                        "/predict",
                        tasks(
                                files.get(0).toString(),
                                files.get(1).toUri().toString(),
                                uploaded,
                                "/data/local-files/?d=" + files.get(3),
                                "http://127.0.0.1:"
                                        + labelStudio.getAddress().getPort()
                                        + "/data/upload/1/"
                                        + files.get(4).getFileName()));
        assertEquals(200, response.statusCode(), response.body());
        JsonArray results = json(response).getAsJsonArray("results");
        assertEquals(5, results.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(expected(files.get(i)), results.get(i).getAsJsonObject(), "task " + i);
        }
        assertTrue(results.toString().contains("polygonlabels"), "the fixed weights find objects");
    }

    @Test
    void theTokenGoesToLabelStudioAlone() throws Exception {
        // Another server on the same host, another port: it gets the image request, not the token.
        java.util.concurrent.atomic.AtomicReference<String> authorization =
                new java.util.concurrent.atomic.AtomicReference<>("none seen");
        HttpServer elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext(
                "/",
                exchange -> {
                    try (exchange) {
                        authorization.set(
                                String.valueOf(
                                        exchange.getRequestHeaders().getFirst("Authorization")));
                        byte[] bytes = Files.readAllBytes(files.get(0));
                        exchange.sendResponseHeaders(200, bytes.length);
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(bytes);
                        }
                    }
                });
        elsewhere.start();
        try {
            String address =
                    "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/data/upload/1/x.png";
            HttpResponse<String> response = post("/predict", tasks(address));
            assertEquals(200, response.statusCode());
            assertEquals(expected(files.get(0)), json(response).getAsJsonArray("results").get(0));
            assertEquals("null", authorization.get(), "no Authorization header sent elsewhere");
        } finally {
            elsewhere.stop(0);
        }
    }

    @Test
    void anUnreadableImageFailsItsTaskAlone() throws Exception {
        Path text = dir.resolve("notes.png");
        Files.writeString(text, "not an image");
        HttpResponse<String> response =
                post(
                        "/predict",
                        tasks(
                                files.get(0).toString(),
                                dir.resolve("missing.png").toString(),
                                text.toString(),
                                "/data/upload/1/missing.png",
                                files.get(1).toString()));
        assertEquals(200, response.statusCode());
        JsonArray results = json(response).getAsJsonArray("results");
        assertEquals(5, results.size());
        assertEquals(expected(files.get(0)), results.get(0).getAsJsonObject());
        assertEquals(expected(files.get(1)), results.get(4).getAsJsonObject());
        for (int i = 1; i <= 3; i++) {
            JsonObject failed = results.get(i).getAsJsonObject();
            assertEquals(0, failed.getAsJsonArray("result").size());
            assertTrue(failed.has("error"), failed.toString());
        }
        assertTrue(
                results.get(1)
                        .getAsJsonObject()
                        .get("error")
                        .getAsString()
                        .contains("no such image file"));
        assertTrue(
                results.get(3).getAsJsonObject().get("error").getAsString().contains("HTTP 404"));
    }

    @Test
    void badRequestsGetTheirStatusAndAMessage() throws Exception {
        HttpResponse<String> malformed = post("/predict", "{\"tasks\": [");
        assertEquals(400, malformed.statusCode());
        assertTrue(
                json(malformed)
                        .get("error")
                        .getAsString()
                        .startsWith("the body is not valid JSON"));
        HttpResponse<String> noTasks = post("/predict", "{\"project\": 1}");
        assertEquals(400, noTasks.statusCode());
        assertEquals("the body needs a 'tasks' list", json(noTasks).get("error").getAsString());
        HttpResponse<String> large =
                post("/predict", "{\"x\": \"" + "a".repeat((int) MAX_BODY) + "\"}");
        assertEquals(413, large.statusCode());
        assertTrue(json(large).get("error").getAsString().contains("over the limit"));
        assertEquals(404, get("/nowhere").statusCode());
        assertEquals(405, get("/predict").statusCode());
    }

    @Test
    void concurrentRequestsGetTheirOwnAnswers() throws Exception {
        List<JsonObject> want = new ArrayList<>();
        for (Path file : files) {
            want.add(expected(file));
        }
        ExecutorService clients = Executors.newFixedThreadPool(50);
        try {
            List<Future<JsonObject>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Path file = files.get(i % IMAGES);
                answers.add(
                        clients.submit(
                                () ->
                                        json(post("/predict", tasks(file.toString())))
                                                .getAsJsonArray("results")
                                                .get(0)
                                                .getAsJsonObject()));
            }
            for (int i = 0; i < 50; i++) {
                assertEquals(want.get(i % IMAGES), answers.get(i).get(), "request " + i);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void memoryStaysFlatOverFiveThousandRequests() throws Exception {
        // The first requests warm up the JIT and let the heap settle (2,000 requests at -Xmx256m
        // in BENCHMARKS.md); after that neither the heap in use nor the process may grow.
        String body = tasks(files.get(0).toString());
        for (int i = 0; i < 2500; i++) {
            assertEquals(200, post("/predict", body).statusCode());
        }
        long heap = heapAfterGc();
        long resident = ResidentMemory.bytes();
        for (int i = 0; i < 2500; i++) {
            assertEquals(200, post("/predict", body).statusCode());
        }
        long heapGrowth = heapAfterGc() - heap;
        long residentGrowth = ResidentMemory.bytes() - resident;
        assertTrue(heapGrowth < 16L << 20, "heap in use grew by " + (heapGrowth >> 20) + " MB");
        assertTrue(
                residentGrowth < 64L << 20,
                "resident memory grew by " + (residentGrowth >> 20) + " MB over 2,500 requests");
    }

    private static long heapAfterGc() throws InterruptedException {
        // System.gc() is a request: a few, a moment apart, let the collector finish what the
        // requests left before the heap is read.
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
