package dev.annogan.datasets.coco;

import java.nio.file.Path;

/**
 * One thing wrong with a COCO file: where it is (file, record, field) and what is wrong.
 *
 * <p>{@link #toString()} gives the one-line form users see, for example {@code
 * instances_val2017.json: annotation 1342996: bbox: negative width -3.0}.
 *
 * @param file the file the record came from
 * @param section the kind of record: {@code "image"}, {@code "annotation"}, {@code "category"},
 *     {@code "result"}, or {@code null} for problems with the file as a whole
 * @param recordId the record's id, or {@code null} when it has none (then {@code position} says
 *     which one it is)
 * @param position the record's 0-based position in its list, or -1 for file-level problems
 * @param field the field at fault, or {@code null} when the record as a whole is at fault
 * @param message what is wrong
 */
public record CocoProblem(
        Path file, String section, Long recordId, int position, String field, String message) {

    /** Returns a problem with the file as a whole, such as malformed JSON. */
    public static CocoProblem ofFile(Path file, String message) {
        return new CocoProblem(file, null, null, -1, null, message);
    }

    /** Returns the record part of the message: {@code annotation 42} or {@code image #7}. */
    public String record() {
        if (section == null) {
            return null;
        }
        return recordId != null ? section + " " + recordId : section + " #" + position;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(file == null ? "<input>" : file.getFileName()).append(": ");
        String record = record();
        if (record != null) {
            sb.append(record).append(": ");
        }
        if (field != null) {
            sb.append(field).append(": ");
        }
        return sb.append(message).toString();
    }
}
