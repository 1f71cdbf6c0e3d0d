package dev.annogan.examples.annotator;

import dev.annogan.training.BatchAugmentation;
import dev.annogan.training.GanConfig;
import dev.annogan.training.teacher.TeacherTerms;
import java.nio.file.Path;

/**
 * The options every semi-supervised annotator run shares.
 *
 * @param data where the images and annotations are
 * @param validation where the validation images are, or null to hold out {@code heldOut} of {@code
 *     data}
 * @param labels which training images keep their labels
 * @param baseline whether to train G on the labelled images alone, without D (the baseline)
 * @param out the run folder
 * @param epochs the number of epochs in all (a resumed run continues to it)
 * @param batchSize labelled images per step; a semi-supervised adversarial run adds as many
 *     unlabelled ones
 * @param size the side images are resized to
 * @param seed the seed of the splits, initialisation, noise and batch order
 * @param resume whether to continue the run in {@code out}
 * @param heldOut the fraction of images held out for validation when {@code validation} is null
 * @param learningRate Adam's learning rate for G and D
 * @param loss the adversarial loss: bce, hinge, lsgan or wgan
 * @param emaDecay the decay of the EMA of G's weights used for validation, 0 for none
 * @param augmentation how training batches are flipped
 * @param loaderThreads background threads loading training batches ahead of the steps, 0 to load
 *     them on the training thread (see {@link GanConfig#loaderThreads()})
 * @param teacher consistency and pseudo-label terms from G's moving average (the mean teacher,
 *     which needs {@code emaDecay} above 0) on unlabelled images; {@link TeacherTerms#NONE} for
 *     none. With them the baseline trains on unlabelled images too (without D).
 * @param rampUp the fraction of the run's steps over which the teacher terms ramp up
 * @param decayFrom the fraction of the run's steps at the full learning rate, after which G's and
 *     D's rates fall linearly to 0 at the last step; 1 for a constant rate
 * @param teacherStart the fraction of the run's steps before the teacher terms start (labels alone
 *     until then)
 * @param checkpointEvery save a checkpoint every this many steps as well as at each epoch's end (0:
 *     epochs only)
 * @param backbone the pretrained backbone G (and D's image encoder) start from, or {@link
 *     BackboneStart#NONE}
 */
public record RunOptions(
        AnnotationData.Source data,
        AnnotationData.Source validation,
        AnnotationData.Labels labels,
        boolean baseline,
        Path out,
        int epochs,
        int batchSize,
        int size,
        long seed,
        boolean resume,
        double heldOut,
        float learningRate,
        double decayFrom,
        String loss,
        float emaDecay,
        BatchAugmentation augmentation,
        int loaderThreads,
        TeacherTerms teacher,
        double rampUp,
        double teacherStart,
        int checkpointEvery,
        BackboneStart backbone) {

    /**
     * Returns the teacher terms with their ramp-up in steps.
     *
     * @param totalSteps the run's steps in all
     */
    public TeacherTerms teacherTerms(long totalSteps) {
        return teacher.withRampUp(Math.round(rampUp * totalSteps))
                .withStart(Math.round(teacherStart * totalSteps));
    }

    /**
     * Returns these options for the supervised teacher of a self-training run: the same data,
     * network schedule and augmentation on the labelled images alone (the baseline, without teacher
     * terms), in another folder and for its own number of epochs.
     *
     * @param teacherOut the teacher's run folder
     * @param teacherEpochs its epochs
     * @param teacherResume whether it continues from a checkpoint
     */
    public RunOptions supervisedTeacher(Path teacherOut, int teacherEpochs, boolean teacherResume) {
        return with(true, teacherOut, teacherEpochs, teacherResume, TeacherTerms.NONE, 0);
    }

    /**
     * Returns these options with other teacher terms and resume flag: the student of a
     * self-training run.
     *
     * @param terms the student's teacher terms
     * @param studentResume whether the student continues from a checkpoint
     */
    public RunOptions withTeacherTerms(TeacherTerms terms, boolean studentResume) {
        return with(baseline, out, epochs, studentResume, terms, teacherStart);
    }

    /** Returns a copy with the fields a self-training run sets for its teacher and student. */
    private RunOptions with(
            boolean newBaseline,
            Path newOut,
            int newEpochs,
            boolean newResume,
            TeacherTerms newTeacher,
            double newTeacherStart) {
        return new RunOptions(
                data,
                validation,
                labels,
                newBaseline,
                newOut,
                newEpochs,
                batchSize,
                size,
                seed,
                newResume,
                heldOut,
                learningRate,
                decayFrom,
                loss,
                emaDecay,
                augmentation,
                loaderThreads,
                newTeacher,
                rampUp,
                newTeacherStart,
                checkpointEvery,
                backbone);
    }

    /** Returns "baseline" or "adversarial", as run.json and the summary name the mode. */
    public String mode() {
        return baseline ? "baseline" : "adversarial";
    }

    /**
     * Returns the run's GAN configuration.
     *
     * @param withUnlabelled whether batches hold unlabelled images too (doubling their size)
     * @param totalSteps the run's steps in all, where the learning rates reach 0 if they decay
     * @throws IllegalArgumentException naming an invalid value
     */
    public GanConfig config(boolean withUnlabelled, long totalSteps) {
        GanConfig.Builder config = GanConfig.builder();
        if (decayFrom < 1) {
            int end = Math.toIntExact(Math.max(2, totalSteps));
            config.optLearningRateDecay(Math.min((int) Math.floor(decayFrom * end), end - 1), end);
        }
        return config.optLoss(loss)
                .optBatchSize(withUnlabelled ? 2 * batchSize : batchSize)
                .optLearningRates(learningRate, learningRate)
                .optEmaDecay(emaDecay)
                .optSeed(seed)
                .optCheckpoints(checkpointEvery, 2)
                .optLoaderThreads(loaderThreads)
                .build();
    }
}
