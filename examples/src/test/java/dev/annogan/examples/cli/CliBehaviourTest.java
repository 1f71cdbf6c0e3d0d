package dev.annogan.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Help works everywhere, and user mistakes end in one line and a non-zero exit. */
class CliBehaviourTest {

    @Test
    void helpWorksOnEveryCommand() {
        // picocli complains on System.err about descriptions it cannot format (a bare %).
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream complaints = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(complaints, true));
        try {
            for (Command command : AnnoGanCli.standard().commands()) {
                String[] words = (command.name() + " --help").split(" ");
                CliRun run = CliRun.of(words);
                assertEquals(0, run.code(), command.name());
                assertTrue(run.out().startsWith("Usage: annogan " + command.name()), run.out());
                for (Option option : command.options()) {
                    assertTrue(run.out().contains("--" + option.name()), option.name());
                }
            }
        } finally {
            System.setErr(err);
        }
        assertEquals("", complaints.toString(), "nothing on standard error");
    }

    @Test
    void topLevelHelpListsTheCommands() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.code());
        assertTrue(run.out().contains("coco check"));
        assertTrue(run.out().contains("evaluate"));
    }

    @Test
    void unknownCommandIsAUserError() {
        CliRun run = CliRun.of("frobnicate");
        assertEquals(2, run.code());
        assertTrue(run.err().startsWith("annogan: unknown command 'frobnicate'"), run.err());
    }

    @Test
    void unknownOptionIsOneLineWithoutStackTrace() {
        CliRun run = CliRun.of("coco", "stats", "--annotation", "x.json");
        assertEquals(2, run.code());
        assertEquals(
                "annogan coco stats: unknown option --annotation\n"
                        + "Try 'annogan coco stats --help'.\n",
                run.err());
    }

    @Test
    void missingRequiredOptionIsNamed() {
        CliRun run = CliRun.of("evaluate", "--gt", "gt.json");
        assertEquals(2, run.code());
        assertTrue(run.err().startsWith("annogan evaluate: missing --results FILE"), run.err());
    }

    @Test
    void missingFileIsOneLine() {
        CliRun run = CliRun.of("coco", "stats", "--annotations", "/no/such/file.json");
        assertEquals(2, run.code());
        assertEquals("annogan coco stats: no such file: /no/such/file.json\n", run.err());
        assertFalse(run.err().contains("Exception"));
    }

    @Test
    void badNumberIsNamed() {
        CliRun run = CliRun.of("coco", "check", "--annotations", "a.json", "--limit", "many");
        assertEquals(2, run.code());
        assertTrue(
                run.err().startsWith("annogan coco check: --limit must be an integer, got 'many'"),
                run.err());
    }

    @Test
    void versionWorksOnEveryCommand() {
        for (Command command : AnnoGanCli.standard().commands()) {
            CliRun run = CliRun.of((command.name() + " --version").split(" "));
            assertEquals(0, run.code(), command.name());
            assertTrue(run.out().startsWith("annogan "), run.out());
        }
        assertTrue(CliRun.of("--version").out().startsWith("annogan "));
    }

    @Test
    void helpAsAWordWorksAsBefore() {
        CliRun top = CliRun.of("help");
        assertEquals(0, top.code());
        assertTrue(top.out().contains("train tagger"), top.out());
        CliRun one = CliRun.of("help", "coco", "check");
        assertEquals(0, one.code());
        assertTrue(one.out().startsWith("Usage: annogan coco check"), one.out());
    }

    @Test
    void aGroupWithoutItsCommandSaysWhichOnes() {
        CliRun run = CliRun.of("train");
        assertEquals(2, run.code());
        assertTrue(run.err().startsWith("annogan train: which one?"), run.err());
        assertTrue(run.err().contains("segmenter"), run.err());
    }

    @Test
    void aRepeatedOptionKeepsItsLastValueAndAnUnknownOneIsNamedFirst() {
        CliRun run =
                CliRun.of(
                        "coco",
                        "check",
                        "--annotations",
                        "a.json",
                        "--limit",
                        "1",
                        "--limit",
                        "many");
        assertTrue(run.err().contains("--limit must be an integer, got 'many'"), run.err());
        CliRun unknown = CliRun.of("evaluate", "--gt", "gt.json", "--result", "r.json");
        assertTrue(unknown.err().startsWith("annogan evaluate: unknown option --result"));
    }

    @Test
    void bashCompletionNamesTheCommandsAndOptions() {
        CliRun run = CliRun.of("completion");
        assertEquals(0, run.code());
        assertTrue(run.out().contains("train"), run.out());
        assertTrue(run.out().contains("--labeled-fraction"), run.out());
    }
}
