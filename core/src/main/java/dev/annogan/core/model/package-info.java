/**
 * The one format of every saved network: a {@link dev.annogan.core.model.ModelSpec} ({@code
 * model.json}: application, {@link dev.annogan.core.model.BlockSpec}, inputs, the application's own
 * details) beside DJL's parameter file, written and read by {@link
 * dev.annogan.core.model.ModelFolder} and loadable through DJL's {@code Criteria} with {@link
 * dev.annogan.core.model.ModelBlockFactory}.
 */
package dev.annogan.core.model;
