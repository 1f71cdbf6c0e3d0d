package dev.annogan.examples.cli;

import dev.annogan.examples.serve.LabelStudioBackend;
import dev.annogan.training.run.RunSetupException;
import java.io.PrintStream;
import java.util.ArrayList;
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
        List<Option> options = new ArrayList<>();
        options.add(
                Option.required(
                        "model", "DIR", "model folder of a trained annotator (<run>/model)"));
        options.addAll(
                List.of(
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
                        Option.optional("max-body-mb", "MB", "largest request body accepted", 20)));
        options.addAll(OptionGroups.preAnnotation());
        return options;
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        LabelStudioBackend.Options options =
                new LabelStudioBackend.Options(
                        args.path("model"),
                        args.get("host"),
                        args.integer("port", 0, 65535),
                        args.integer("threads", 1, 256),
                        (long) args.integer("max-body-mb", 1, 1024) << 20,
                        System.getenv("LABEL_STUDIO_URL"),
                        System.getenv("LABEL_STUDIO_API_KEY"),
                        OptionGroups.preAnnotationSettings(args));
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
