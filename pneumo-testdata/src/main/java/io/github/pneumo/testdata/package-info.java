/** Test support shared by pneumo's test suites: vendored fixtures and the optional shared reference data. */
@NullMarked
package io.github.pneumo.testdata;

import org.jspecify.annotations.NullMarked;
