package io.github.pneumo.synth;

/**
 * How one pneumothorax appears, in output grey levels.
 *
 * @param lucency how much darker (more lucent) the lesion is than the lung would be there
 * @param lineLevel brightness added by the visceral pleural line along the lesion's inner border
 * @param lineWidth width of the pleural line in pixels
 * @param edgeLevel extra density of the collapsed lung just inside the pleural line
 * @param edgeWidth width of that denser band in pixels
 */
record LesionLook(double lucency, double lineLevel, double lineWidth, double edgeLevel, double edgeWidth) {}
