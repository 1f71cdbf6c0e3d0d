package dev.annogan.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.annogan.datasets.shapes.ShapesDatasetGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training the tagger and the segmenter from the command line on 40 tiny shapes images. */
class AnnotatorCommandsTest {

    @TempDir static Path data;

    @TempDir Path dir;

    @BeforeAll
    static void writeShapes() throws IOException {
        ShapesDatasetGenerator.builder()
                .setOutputFolder(data.resolve("shapes"))
                .setImageCount(40)
                .optImageSize(32, 32)
                .optSeed(3)
                .build()
                .generate();
        ShapesDatasetGenerator.builder()
                .setOutputFolder(data.resolve("other-shapes"))
                .setImageCount(12)
                .optImageSize(32, 32)
                .optSeed(4)
                .build()
                .generate();
    }

    private CliRun train(String application, int epochs, String... extra) {
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "train",
                                application,
                                "--data",
                                "shapes",
                                data.resolve("shapes").toString(),
                                "--out",
                                dir.resolve("run").toString(),
                                "--epochs",
                                Integer.toString(epochs),
                                "--batch",
                                "4",
                                "--size",
                                "32"));
        argv.addAll(List.of(extra));
        return CliRun.of(argv.toArray(new String[0]));
    }

    private void assertRunFolder(int epochs) throws IOException {
        Path out = dir.resolve("run");
        assertEquals(epochs + 1, Files.readAllLines(out.resolve("metrics.csv")).size());
        assertTrue(Files.exists(out.resolve("loss.png")));
        assertTrue(Files.exists(out.resolve(String.format("samples/epoch-%03d.png", epochs))));
        assertTrue(Files.exists(out.resolve("checkpoints/latest")));
        assertTrue(Files.exists(out.resolve("run.json")));
        assertTrue(Files.exists(out.resolve("model/model.json")), "G exported as an annotator");
        assertTrue(Files.exists(out.resolve("model/model-0000.params")));
    }

    @Test
    void taggerTrainsAdversariallyOnAQuarterOfTheLabels() throws IOException {
        CliRun run = train("tagger", 2, "--labeled-fraction", "0.25");
        assertEquals(0, run.code(), run.err());
        assertTrue(
                run.out()
                        .contains(
                                "40 images, 6 categories; 32 training (8 labelled, 24 unlabelled),"
                                        + " 8 held out"),
                run.out());
        assertTrue(
                run.out().contains("4 labelled + 4 unlabelled images per step, 6 steps"),
                run.out());
        assertTrue(
                run.out()
                        .contains(
                                "Validation on 8 held-out images after 2 epochs (12 steps), adversarial"),
                run.out());
        assertTrue(run.out().contains("f1_macro"), run.out());
        assertTrue(run.out().contains("circle"), run.out());
        assertRunFolder(2);
        String csv = Files.readString(dir.resolve("run/metrics.csv"));
        assertTrue(
                csv.startsWith("epoch,step,d_loss,g_loss,d_accuracy,seconds,mAP,f1_micro,f1_macro"),
                csv);
    }

    @Test
    void taggerBaselineTrainsTheSameStepsWithoutADiscriminator() throws IOException {
        CliRun run = train("tagger", 2, "--labeled-fraction", "0.25", "--baseline");
        assertEquals(0, run.code(), run.err());
        assertTrue(
                run.out()
                        .contains(
                                "baseline: G alone on the labelled images (no D); 4 labelled images per step, 6 steps"),
                run.out());
        assertTrue(run.out().contains("(12 steps), baseline"), run.out());
        assertRunFolder(2);
    }

    @Test
    void segmenterTrainsWithSelfTaughtLabelsFromTheFirstStep() throws IOException {
        CliRun run =
                train(
                        "segmenter",
                        2,
                        "--labels-per-class",
                        "3",
                        "--semi-start",
                        "0",
                        "--semi-threshold",
                        "0.1");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("confidence-map D"), run.out());
        assertTrue(run.out().contains("pixel_accuracy"), run.out());
        assertTrue(run.out().contains("(background)"), run.out());
        assertRunFolder(2);
    }

    @Test
    void segmenterTrainsAgainstAPatchDiscriminatorToo() throws IOException {
        CliRun run =
                train(
                        "segmenter",
                        1,
                        "--labeled-fraction",
                        "0.5",
                        "--discriminator",
                        "patch",
                        "--semi-start",
                        "0");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("PatchGAN D"), run.out());
        assertRunFolder(1);
    }

    @Test
    void segmenterBaselineTrainsNoDiscriminator() throws IOException {
        CliRun run = train("segmenter", 1, "--labeled-fraction", "0.5", "--baseline");
        assertEquals(0, run.code(), run.err());
        assertTrue(
                run.out().contains("baseline: G alone on the labelled images (no D)"), run.out());
        assertTrue(run.out().contains("mIoU"), run.out());
        assertRunFolder(1);
    }

    @Test
    void aBaselineGivenTeacherWeightsLearnsFromUnlabelledImagesWithoutD() throws IOException {
        CliRun run =
                train(
                        "segmenter",
                        1,
                        "--labeled-fraction",
                        "0.5",
                        "--baseline",
                        "--ema",
                        "0.99",
                        "--consistency",
                        "1",
                        "--pseudo-labels",
                        "0.5",
                        "--teacher-start",
                        "0.5",
                        "--decay-from",
                        "0.5");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("baseline: G alone (no D); mean teacher"), run.out());
        assertTrue(run.out().contains("\"startStep\": "), run.out());
        assertTrue(run.out().contains("\"pseudoLabelWeight\": 0.5"), run.out());
        assertTrue(run.out().contains(" unlabelled images per step"), run.out());
        assertRunFolder(1);
    }

    @Test
    void theAdversarialTaggerLearnsFromItsTeacherOnRequest() throws IOException {
        CliRun run =
                train(
                        "tagger",
                        1,
                        "--labeled-fraction",
                        "0.25",
                        "--ema",
                        "0.9",
                        "--consistency",
                        "1",
                        "--pseudo-labels",
                        "1");
        assertEquals(0, run.code(), run.err());
        assertTrue(
                run.out()
                        .contains(
                                "mean teacher {\"consistencyWeight\": 1.0, \"pseudoLabelWeight\":"
                                        + " 1.0, \"threshold\": 0.9"),
                run.out());
    }

    @Test
    void aSegmenterLearnsFromAFixedTeacherTrainedBefore() throws IOException {
        CliRun first = train("segmenter", 1, "--labeled-fraction", "0.5", "--baseline");
        assertEquals(0, first.code(), first.err());
        Path teacher = dir.resolve("teacher");
        Files.move(dir.resolve("run"), teacher);
        CliRun student =
                train(
                        "segmenter",
                        1,
                        "--labeled-fraction",
                        "0.5",
                        "--baseline",
                        "--pseudo-labels",
                        "1",
                        "--teacher",
                        teacher.resolve("model").toString());
        assertEquals(0, student.code(), student.err());
        assertTrue(
                student.out().contains("fixed teacher " + teacher.resolve("model")), student.out());
        assertRunFolder(1);
        // The run folder itself is taken for the model folder it holds.
        Files.move(dir.resolve("run"), dir.resolve("first-student"));
        CliRun fromRunFolder =
                train(
                        "segmenter",
                        1,
                        "--labeled-fraction",
                        "0.5",
                        "--baseline",
                        "--pseudo-labels",
                        "1",
                        "--teacher",
                        teacher.toString());
        assertEquals(0, fromRunFolder.code(), fromRunFolder.err());
        JsonObject recorded =
                JsonParser.parseString(Files.readString(dir.resolve("run/run.json")))
                        .getAsJsonObject()
                        .getAsJsonObject("teacher");
        assertEquals(
                "fixed teacher " + teacher.resolve("model").toAbsolutePath().normalize(),
                recorded.get("teacher").getAsString());
        assertEquals(1.0, recorded.get("pseudoLabelWeight").getAsDouble());
        assertEquals(0.9, recorded.get("threshold").getAsDouble());
        assertEquals(0.2, recorded.get("rampUp").getAsDouble());
        // A resume with other teacher terms, or with none, is refused; naming the same teacher by
        // its model folder instead of its run folder is the same teacher.
        CliRun otherWeight =
                train(
                        "segmenter",
                        2,
                        "--labeled-fraction",
                        "0.5",
                        "--baseline",
                        "--resume",
                        "--pseudo-labels",
                        "0.5",
                        "--teacher",
                        teacher.toString());
        assertEquals(2, otherWeight.code(), otherWeight.out());
        assertTrue(
                otherWeight.err().contains("the run was started with teacher {"),
                otherWeight.err());
        CliRun noTeacher =
                train("segmenter", 2, "--labeled-fraction", "0.5", "--baseline", "--resume");
        assertEquals(2, noTeacher.code(), noTeacher.out());
        assertTrue(noTeacher.err().contains("this resume asks for none"), noTeacher.err());
        CliRun resumed =
                train(
                        "segmenter",
                        2,
                        "--labeled-fraction",
                        "0.5",
                        "--baseline",
                        "--resume",
                        "--pseudo-labels",
                        "1",
                        "--teacher",
                        teacher.resolve("model").toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("resumed from step"), resumed.out());
        CliRun missing =
                train(
                        "segmenter",
                        1,
                        "--baseline",
                        "--pseudo-labels",
                        "1",
                        "--teacher",
                        dir.resolve("nowhere").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nowhere: no such folder"), missing.err());
    }

    /** Runs {@code train segmenter --self-train} on half the labels, without D. */
    private CliRun selfTrain(int epochs, String... extra) {
        List<String> argv =
                new ArrayList<>(List.of("--labeled-fraction", "0.5", "--baseline", "--self-train"));
        argv.addAll(List.of(extra));
        return train("segmenter", epochs, argv.toArray(new String[0]));
    }

    @Test
    void selfTrainingTrainsItsTeacherThenTheStudentAndResumesEither() throws IOException {
        Path out = dir.resolve("run");
        CliRun first = selfTrain(1, "--teacher-epochs", "2");
        assertEquals(0, first.code(), first.err());
        Path teacherModel = out.resolve("teacher").resolve("model").toAbsolutePath().normalize();
        assertTrue(
                first.out().contains("teacher: the supervised segmenter, 2 epochs"), first.out());
        assertTrue(
                first.out()
                        .contains(
                                "fixed teacher "
                                        + teacherModel
                                        + " {\"consistencyWeight\": 0.0,"
                                        + " \"pseudoLabelWeight\": 1.0"),
                first.out());
        // The teacher trains on the labelled images alone: a baseline of its own epochs.
        assertEquals(3, Files.readAllLines(out.resolve("teacher/metrics.csv")).size());
        assertTrue(
                Files.readString(out.resolve("teacher/run.json"))
                        .contains("\"mode\":\"baseline\""));
        assertFalse(Files.readString(out.resolve("teacher/run.json")).contains("teacher"));
        assertRunFolder(1);

        CliRun again = selfTrain(2);
        assertEquals(2, again.code());
        assertTrue(again.err().contains("already holds a run; add --resume"), again.err());
        // A resume that would train the teacher further under a student that learnt from it.
        CliRun longerTeacher = selfTrain(2, "--resume", "--teacher-epochs", "3");
        assertEquals(2, longerTeacher.code());
        assertTrue(
                longerTeacher
                        .err()
                        .contains(
                                "learns from a teacher of 2 epochs; resume without"
                                        + " --teacher-epochs or with --teacher-epochs 2"),
                longerTeacher.err());
        // More epochs for the student: the teacher it learnt from stays as it is.
        CliRun resumed = selfTrain(2, "--resume");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("teacher: done before, 2 epochs, in "), resumed.out());
        assertTrue(resumed.out().contains("resumed from step"), resumed.out());
        assertEquals(3, Files.readAllLines(out.resolve("teacher/metrics.csv")).size());
        assertRunFolder(2);
        // A student not yet started (no checkpoint) is not taught by a teacher of another split.
        Path studentCheckpoints = out.resolve("checkpoints");
        try (var files = Files.walk(studentCheckpoints)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        CliRun otherSplit =
                train(
                        "segmenter",
                        2,
                        "--labeled-fraction",
                        "0.25",
                        "--baseline",
                        "--self-train",
                        "--resume",
                        "--teacher-epochs",
                        "2");
        assertEquals(2, otherSplit.code(), otherSplit.out());
        assertTrue(
                otherSplit.err().contains("the run was started with labels \"50.00% labelled\""),
                otherSplit.err());

        String[][] misuses = {
            {"--self-train", "--teacher", out.toString(), "--labeled-fraction", "0.5"},
            {"--self-train"},
            {"--teacher-epochs", "3", "--labeled-fraction", "0.5"}
        };
        String[] messages = {
            "--self-train trains its own teacher: leave out --teacher",
            "--self-train learns from unlabelled images",
            "--teacher-epochs is the --self-train teacher's"
        };
        for (int i = 0; i < misuses.length; i++) {
            CliRun misuse = train("segmenter", 3, misuses[i]);
            assertEquals(2, misuse.code(), misuse.out());
            assertTrue(misuse.err().contains(messages[i]), misuse.err());
        }
        assertEquals(3, Files.readAllLines(out.resolve("metrics.csv")).size(), "left as it was");
    }

    @Test
    void aVggTaggerSelfTrainsFromItsOwnTeacher() throws IOException {
        Path out = dir.resolve("run");
        CliRun run =
                train(
                        "tagger",
                        1,
                        "--labeled-fraction",
                        "0.5",
                        "--baseline",
                        "--encoder",
                        "vgg",
                        "--self-train",
                        "--teacher-epochs",
                        "2");
        assertEquals(0, run.code(), run.err());
        Path teacherModel = out.resolve("teacher").resolve("model").toAbsolutePath().normalize();
        assertTrue(run.out().contains("teacher: the supervised tagger, 2 epochs"), run.out());
        assertTrue(
                run.out()
                        .contains(
                                "fixed teacher "
                                        + teacherModel
                                        + " {\"consistencyWeight\": 0.0,"
                                        + " \"pseudoLabelWeight\": 1.0"),
                run.out());
        assertEquals(3, Files.readAllLines(out.resolve("teacher/metrics.csv")).size());
        assertRunFolder(1);
        assertTrue(
                Files.readString(out.resolve("run.json"))
                        .contains("\"teacher\":\"fixed teacher <run>/teacher/model\""));
        // Teacher and student carry the VGG-style encoder into their exported annotators.
        for (Path model : List.of(teacherModel, out.resolve("model"))) {
            assertTrue(
                    Files.readString(model.resolve("model.json")).contains("\"convsPerLevel\": 2"),
                    model.toString());
        }
        // And the student annotates like any tagger.
        CliRun annotate =
                CliRun.of(
                        "annotate",
                        "--model",
                        out.resolve("model").toString(),
                        "--images",
                        data.resolve("other-shapes/images").toString(),
                        "--out",
                        dir.resolve("tags").toString());
        assertEquals(0, annotate.code(), annotate.err());
        // One score per image and category: 12 images, 6 shapes.
        assertEquals(
                12 * 6,
                JsonParser.parseString(Files.readString(dir.resolve("tags/results.json")))
                        .getAsJsonArray()
                        .size());
    }

    @Test
    void aTaggerRefusesATeacherOrBackboneThatDoesNotFit() throws IOException {
        CliRun segmenter = train("segmenter", 1, "--labeled-fraction", "0.5", "--baseline");
        assertEquals(0, segmenter.code(), segmenter.err());
        Path segmenterRun = dir.resolve("segmenter");
        Files.move(dir.resolve("run"), segmenterRun);
        CliRun wrongKind =
                train(
                        "tagger",
                        1,
                        "--baseline",
                        "--labeled-fraction",
                        "0.5",
                        "--pseudo-labels",
                        "1",
                        "--teacher",
                        segmenterRun.toString());
        assertEquals(2, wrongKind.code(), wrongKind.out());
        assertTrue(wrongKind.err().contains("not a tagger model"), wrongKind.err());
        assertFalse(wrongKind.err().contains("\tat "), "no stack trace: " + wrongKind.err());
        CliRun vggOnBackbone =
                train(
                        "tagger",
                        1,
                        "--encoder",
                        "vgg",
                        "--backbone",
                        dir.resolve("pretrained/backbone").toString());
        assertEquals(2, vggOnBackbone.code(), vggOnBackbone.out());
        assertTrue(
                vggOnBackbone.err().contains("use --encoder pooled, not vgg"), vggOnBackbone.err());
        assertFalse(Files.exists(dir.resolve("run")), "nothing written");
    }

    @Test
    void aFixedTeacherThatDoesNotFitIsOneLineNamingIt() throws IOException {
        CliRun tagger = train("tagger", 1, "--labeled-fraction", "0.5", "--baseline");
        assertEquals(0, tagger.code(), tagger.err());
        Path taggerModel = dir.resolve("tagger");
        Files.move(dir.resolve("run"), taggerModel);
        CliRun wrongKind =
                train(
                        "segmenter",
                        1,
                        "--baseline",
                        "--pseudo-labels",
                        "1",
                        "--teacher",
                        taggerModel.resolve("model").toString());
        assertEquals(2, wrongKind.code(), wrongKind.out());
        assertTrue(
                wrongKind.err().contains("--teacher " + taggerModel.resolve("model")),
                wrongKind.err());
        assertTrue(wrongKind.err().contains("not a segmenter model"), wrongKind.err());
        assertFalse(wrongKind.err().contains("\tat "), "no stack trace: " + wrongKind.err());
        CliRun segmenter = train("segmenter", 1, "--labeled-fraction", "0.5", "--baseline");
        assertEquals(0, segmenter.code(), segmenter.err());
        Path small = dir.resolve("small");
        Files.move(dir.resolve("run"), small);
        List<String> larger =
                new ArrayList<>(
                        List.of(
                                "train",
                                "segmenter",
                                "--data",
                                "shapes",
                                data.resolve("shapes").toString(),
                                "--out",
                                dir.resolve("run").toString(),
                                "--epochs",
                                "1",
                                "--batch",
                                "4",
                                "--size",
                                "64",
                                "--baseline",
                                "--pseudo-labels",
                                "1",
                                "--teacher",
                                small.resolve("model").toString()));
        CliRun wrongSize = CliRun.of(larger.toArray(new String[0]));
        assertEquals(2, wrongSize.code(), wrongSize.out());
        assertTrue(wrongSize.err().contains("takes 32x32 images, this run 64x64"), wrongSize.err());
        CliRun noWeights =
                train("segmenter", 1, "--baseline", "--teacher", small.resolve("model").toString());
        assertEquals(2, noWeights.code());
        assertTrue(
                noWeights.err().contains("--teacher answers for the teacher terms"),
                noWeights.err());
    }

    @Test
    void aRunResumesOnlyAsTheSameMode() {
        assertEquals(0, train("tagger", 1, "--labeled-fraction", "0.25").code());
        CliRun again = train("tagger", 2, "--labeled-fraction", "0.25");
        assertEquals(2, again.code());
        assertTrue(again.err().contains("already holds a run; add --resume"), again.err());
        CliRun asBaseline =
                train("tagger", 2, "--labeled-fraction", "0.25", "--resume", "--baseline");
        assertEquals(2, asBaseline.code());
        assertTrue(
                asBaseline
                        .err()
                        .contains(
                                "the run was started with mode \"adversarial\", this resume asks"
                                        + " for \"baseline\""),
                asBaseline.err());
        CliRun resumed = train("tagger", 2, "--labeled-fraction", "0.25", "--resume");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("resumed from step 6 (epoch 2)"), resumed.out());
    }

    @Test
    void badInputIsOneLineNamingTheProblem() {
        String[][] cases = {
            {
                "--data",
                "shapes",
                dir.resolve("missing").toString(),
                "--data shapes: no such folder: "
            },
            {"--data", "shapes:" + dir.resolve("missing"), "--data shapes: no such folder: "},
            {
                "--data",
                "pictures",
                dir.toString(),
                "--data: unknown kind 'pictures'; use shapes DIR or coco FILE"
            },
            {"--data", dir.toString(), "--data needs a kind and a path"},
            {"--data", "shapes", dir.toString(), "is not a shapes folder"},
            {"--data", "coco", dir.resolve("none.json").toString(), "--data coco: no such file: "},
            {
                "--data",
                "coco",
                data.resolve("shapes/annotations.json").toString(),
                "--data coco FILE needs --images DIR"
            },
            {"--labeled-fraction", "1.5", "--labeled-fraction must be in (0, 1], got 1.5"},
            {"--labeled-fraction", "0", "--labeled-fraction must be in (0, 1], got 0.0"},
            {"--size", "30", "--size must be a multiple of 8"},
            {
                "--labels-per-class",
                "2",
                "--labeled-fraction",
                "0.5",
                "choose --labeled-fraction or --labels-per-class, not both"
            },
            {
                "--consistency",
                "1",
                "--consistency and --pseudo-labels need a teacher: set --ema above 0"
            },
            {"--threshold", "0.3", "--threshold must be"},
        };
        for (String[] c : cases) {
            List<String> argv =
                    new ArrayList<>(
                            List.of("train", "tagger", "--out", dir.resolve("bad").toString()));
            if (!c[0].equals("--data")) {
                argv.addAll(List.of("--data", "shapes", data.resolve("shapes").toString()));
            }
            argv.addAll(List.of(c).subList(0, c.length - 1));
            CliRun run = CliRun.of(argv.toArray(new String[0]));
            assertEquals(2, run.code(), String.join(" ", argv) + "\n" + run.err());
            String first = run.err().lines().findFirst().orElse("");
            assertTrue(first.startsWith("annogan train tagger: "), run.err());
            assertTrue(first.contains(c[c.length - 1]), run.err());
            assertEquals(2, run.err().lines().count(), run.err());
        }
    }

    @Test
    void cocoDataIsAnAnnotationsFileWithItsImageFolder() throws IOException {
        CliRun run =
                CliRun.of(
                        "train",
                        "tagger",
                        "--data",
                        "coco:" + data.resolve("shapes/annotations.json"),
                        "--images",
                        data.resolve("shapes/images").toString(),
                        "--labeled-fraction",
                        "0.5",
                        "--out",
                        dir.resolve("run").toString(),
                        "--epochs",
                        "1",
                        "--batch",
                        "8",
                        "--size",
                        "32");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("32 training (16 labelled, 16 unlabelled)"), run.out());
        assertRunFolder(1);
    }

    @Test
    void validationDataReplaceTheHeldOutShare() throws IOException {
        CliRun run =
                train(
                        "segmenter",
                        1,
                        "--val-data",
                        "shapes",
                        data.resolve("other-shapes").toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(
                run.out()
                        .contains(
                                "40 training (40 labelled, 0 unlabelled), 12 from annotations.json"
                                        + " for validation"),
                run.out());
        assertTrue(run.out().contains("Validation on 12 held-out images"), run.out());
        assertRunFolder(1);
    }

    @Test
    void validationDataWithOtherCategoriesAreRefusedByName() throws IOException {
        Path renamed = dir.resolve("renamed");
        Files.createDirectories(renamed);
        Path source = data.resolve("other-shapes/annotations.json");
        Files.writeString(
                renamed.resolve("annotations.json"),
                Files.readString(source).replace("\"circle\"", "\"disc\""));
        CliRun run =
                train(
                        "tagger",
                        1,
                        "--val-data",
                        "coco",
                        renamed.resolve("annotations.json").toString(),
                        "--val-images",
                        data.resolve("other-shapes/images").toString());
        assertEquals(2, run.code(), run.out());
        assertTrue(run.err().contains("its categories differ from those of"), run.err());
        assertTrue(run.err().lines().count() <= 2, run.err());
    }

    @Test
    void helpExplainsTheDataConvention() {
        CliRun run = CliRun.of("train", "segmenter", "--help");
        assertEquals(0, run.code());
        assertTrue(run.out().contains("--data KIND PATH"), run.out());
        assertTrue(run.out().contains("shapes DIR"), run.out());
        assertTrue(run.out().contains("--baseline"), run.out());
        assertTrue(run.out().contains("--semi-start STEPS"), run.out());
    }
}
