/** Pictures for people: images drawn with their annotations or predictions. */
package dev.annogan.examples.viz;
