package dev.annogan.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quick-start demo and the shapes command, end to end on small datasets. */
class DemoCommandTest {

    @TempDir Path dir;

    /**
     * Runs the whole demo small: two epochs' worth of data, one epoch per run. It still spawns the
     * four training processes, annotates, evaluates and writes the report.
     */
    private CliRun smallDemo(Path out) {
        return CliRun.of(
                "demo",
                "--out",
                out.toString(),
                "--images",
                "64",
                "--new-images",
                "8",
                "--epochs",
                "1",
                "1");
    }

    @Test
    void demoPrintsTheTableAndWritesAReportWhoseLinksAllResolve() throws IOException {
        Path out = dir.resolve("demo");
        CliRun run = smallDemo(out);
        assertEquals(0, run.code(), run.out() + run.err());
        String printed = run.out();
        for (String row :
                List.of(
                        "segmenter  mIoU",
                        "segmenter  pixel accuracy",
                        "segmenter  mask AP (COCO, IoU .50:.95)",
                        "tagger     mAP",
                        "tagger     F1 micro",
                        "tagger     F1 macro")) {
            assertTrue(printed.contains(row), "printed table lacks '" + row + "':\n" + printed);
        }
        assertTrue(printed.contains("open " + out.resolve("report.html")), printed);

        String html = Files.readString(out.resolve("report.html"));
        for (String row :
                List.of(
                        "<td>segmenter</td><td>mIoU</td>",
                        "<td>segmenter</td><td>pixel accuracy</td>",
                        "<td>tagger</td><td>mAP</td>",
                        "<td>tagger</td><td>F1 micro (tags above 0.5)</td>")) {
            assertTrue(html.contains(row), "report lacks the row " + row);
        }
        // The printed numbers and the report's are the same evaluation.
        Matcher printedMiou =
                Pattern.compile("segmenter  mIoU +([0-9.]+) +([0-9.]+)").matcher(printed);
        assertTrue(printedMiou.find(), printed);
        assertTrue(
                html.contains(
                        "<td>segmenter</td><td>mIoU</td><td class=\"number\">"
                                + printedMiou.group(1)
                                + "</td>"),
                html);

        Matcher links = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
        int images = 0;
        int linked = 0;
        while (links.find()) {
            String link = links.group(1);
            assertFalse(link.contains("://"), "the report must not load " + link);
            Path target = out.resolve(URLDecoder.decode(link, StandardCharsets.UTF_8));
            assertTrue(Files.isRegularFile(target), "the report links a missing " + link);
            linked++;
            if (link.endsWith(".png")) {
                assertNotNull(ImageIO.read(target.toFile()), link + " is not a PNG");
                images++;
            }
        }
        // Per application: 3 pictures for each of the shown images, 2 loss curves, 2 samples.
        assertEquals(2 * (3 * 6 + 2 + 2), images, html);
        assertTrue(linked > images, "the files section links the COCO files");
        for (String run1 : List.of("segmenter", "tagger")) {
            for (String mode : List.of("baseline", "adversarial")) {
                assertTrue(
                        Files.isRegularFile(
                                out.resolve("annotated/" + run1 + "-" + mode + "/results.json")));
                assertTrue(
                        Files.isRegularFile(
                                out.resolve("runs/" + run1 + "-" + mode + "/model/model.json")));
            }
        }
    }

    @Test
    void demoRefusesAFolderItDidNotWrite() throws IOException {
        Path out = dir.resolve("mine");
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "keep me");
        CliRun run = CliRun.of("demo", "--out", out.toString());
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("holds files the demo did not write"), run.err());
        assertEquals("keep me", Files.readString(out.resolve("notes.txt")));
    }

    @Test
    void demoRefusesAFolderHoldingOnlyAUsersShapesData() throws IOException {
        // 'annogan shapes --out runs/shapes' then 'annogan demo --out runs': the folder looks like
        // what an old demo wrote, but only the demo's marker may let it be emptied.
        Path out = dir.resolve("runs");
        Files.createDirectories(out.resolve("shapes"));
        Files.writeString(out.resolve("shapes/annotations.json"), "{}");
        Files.writeString(out.resolve("preview.png"), "mine");
        CliRun run = CliRun.of("demo", "--out", out.toString());
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("holds files the demo did not write"), run.err());
        assertEquals("{}", Files.readString(out.resolve("shapes/annotations.json")));
        assertEquals("mine", Files.readString(out.resolve("preview.png")));
    }

    @Test
    void demoNamesABadEpochsValue() {
        CliRun run = CliRun.of("demo", "--out", dir.toString(), "--epochs", "3");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("--epochs takes two numbers"), run.err());
    }

    private CliRun shapes(String folder) {
        return CliRun.of(
                "shapes",
                "--out",
                dir.resolve(folder).toString(),
                "--images",
                "5",
                "--size",
                "32",
                "--seed",
                "3");
    }

    @Test
    void shapesIsDeterministicForASeed() throws IOException {
        assertEquals(0, shapes("a").code());
        assertEquals(0, shapes("b").code());
        assertEquals(
                Files.readString(dir.resolve("a/annotations.json")),
                Files.readString(dir.resolve("b/annotations.json")));
    }

    @Test
    void shapesTakesTheSceneStyleAndNamesABadValue() throws IOException {
        CliRun run =
                CliRun.of(
                        "shapes",
                        "--out",
                        dir.resolve("one").toString(),
                        "--images",
                        "6",
                        "--size",
                        "32",
                        "--shapes-per-image",
                        "1",
                        "1",
                        "--crowd-fraction",
                        "0");
        assertEquals(0, run.code(), run.err());
        // One shape per image, no crowd: one annotation each.
        assertTrue(
                run.out().contains("generated 6 images (32x32, seed 42) with 6 annotations"),
                run.out());

        String[][] bad = {
            {"--shapes-per-image", "3", "1", "shapes per image must satisfy 1 <= min <= max"},
            {"--shape-size", "0.1", "x", "--shape-size: 'x' is not a number"},
            {"--shape-size", "0.2", "0.9", "shape size must satisfy 0 < min <= max <= 0.5"},
            {"--crowd-fraction", "2", "--crowd-fraction"}
        };
        for (String[] c : bad) {
            List<String> argv =
                    new ArrayList<>(List.of("shapes", "--out", dir.resolve("bad").toString()));
            argv.addAll(List.of(c).subList(0, c.length - 1));
            CliRun failed = CliRun.of(argv.toArray(new String[0]));
            assertEquals(2, failed.code(), String.join(" ", argv));
            assertTrue(failed.err().contains(c[c.length - 1]), failed.err());
        }
    }

    @Test
    void shapesRejectsAnAbsurdSize() {
        CliRun run = CliRun.of("shapes", "--out", dir.toString(), "--size", "2");
        assertEquals(2, run.code());
        assertTrue(
                run.err().startsWith("annogan shapes: --size must be between 16 and 4096, got 2"),
                run.err());
    }
}
