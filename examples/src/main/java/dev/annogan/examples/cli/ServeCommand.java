package dev.annogan.examples.cli;

import dev.annogan.examples.annotate.FolderAnnotator;
import dev.annogan.examples.annotate.ImageAnnotator;
import dev.annogan.examples.serve.LabelStudioBackend;
import dev.annogan.training.run.RunSetupException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code annogan serve}: runs a trained tagger or segmenter as a Label Studio ML backend until
 * stopped (Ctrl-C). Label Studio's own variables give it access to images uploaded there: {@code
 * LABEL_STUDIO_URL} and {@code LABEL_STUDIO_API_KEY}.
 */
final class ServeCommand implements Command {

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String summary() {
        return "serve a trained tagger or segmenter to Label Studio as its ML backend";
    }

    @Override
    public boolean usesEngine() {
        return true;
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.required(
                        "model", "DIR", "model folder of a trained annotator (<run>/model)"),
                Option.optional("port", "P", "port to listen on", 9090),
                Option.optional(
                        "host",
                        "ADDRESS",
                        "address to listen on (0.0.0.0 for every interface)",
                        "0.0.0.0"),
                Option.optional(
                        "threads",
                        "N",
                        "requests handled at once",
                        Math.max(2, Runtime.getRuntime().availableProcessors())),
                Option.optional("max-body-mb", "MB", "largest request body accepted", 20),
                Option.optional(
                        "threshold",
                        "T",
                        "score a tag or object needs (default: the model's, 0.5)",
                        ""),
                Option.optional(
                        "min-area",
                        "PIXELS",
                        "smallest object a segmenter reports (default: 0.1% of the image, at"
                                + " least 8)",
                        ""),
                Option.optional(
                        "simplify",
                        "PIXELS",
                        "polygon simplification tolerance; 0 keeps every corner",
                        FolderAnnotator.DEFAULT_SIMPLIFY));
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        Float threshold =
                args.get("threshold") == null ? null : (float) args.decimal("threshold", 0, 1);
        Integer minArea =
                args.get("min-area") == null
                        ? null
                        : args.integer("min-area", 1, Integer.MAX_VALUE);
        LabelStudioBackend.Options options =
                new LabelStudioBackend.Options(
                        args.path("model"),
                        args.get("host"),
                        args.integer("port", 0, 65535),
                        args.integer("threads", 1, 256),
                        (long) args.integer("max-body-mb", 1, 4096) << 20,
                        System.getenv("LABEL_STUDIO_URL"),
                        System.getenv("LABEL_STUDIO_API_KEY"),
                        new ImageAnnotator.Settings(
                                threshold, minArea, args.decimal("simplify", 0, 1000)));
        LabelStudioBackend backend;
        try {
            backend = LabelStudioBackend.start(options, out);
        } catch (RunSetupException e) {
            throw new UserError(e.getMessage());
        } catch (java.net.BindException e) {
            throw new UserError("--port: " + options.port() + " is taken (" + e.getMessage() + ")");
        }
        out.printf(
                "serving %s (%s) on http://%s:%d; in Label Studio: Settings > Model > Connect"
                        + " model, URL http://<this machine>:%d%n",
                args.path("model"),
                backend.modelVersion(),
                options.host(),
                backend.port(),
                backend.port());
        if (options.labelStudioUrl() == null) {
            out.println(
                    "LABEL_STUDIO_URL is not set: images uploaded to Label Studio cannot be"
                            + " fetched (local files and web addresses can)");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    backend.close();
                                    stopped.countDown();
                                }));
        stopped.await();
        return 0;
    }
}
