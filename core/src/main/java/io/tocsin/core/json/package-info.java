/** The JSON form of verdicts, shared by the command line and the HTTP endpoint. */
package io.tocsin.core.json;
