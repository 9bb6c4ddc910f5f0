/** The observability family: what metrics and structured logs cost a fit (issue 14). */
package dev.ember.ml.bench.observe;
