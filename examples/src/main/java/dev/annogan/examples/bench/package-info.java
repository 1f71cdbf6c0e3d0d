/**
 * The reference workloads of {@code shared/bench} built from the project's own blocks, objectives
 * and loop, with their arithmetic counted, for {@code annogan bench train}.
 */
package dev.annogan.examples.bench;
