/*
 * json_copy: writes a parsed value back out through the JSON writer
 * (json/json_writer.h), e.g. verified claims printed by `jwt verify`.
 */
#ifndef ATTEST_JSON_COPY_H
#define ATTEST_JSON_COPY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "json/json_read.h"
#include "json/json_writer.h"

/*
 * Writes value v (recursively): strings decoded and re-escaped by the
 * writer, numbers as their validated text, members in document order. Fails
 * (layer "json", unwritable_key) on a member name containing U+0000, which
 * json_key() cannot take, and (wrong_type) when v is no value.
 */
bool json_val_write(const struct json_doc *doc, uint32_t v, struct json_writer *w, struct err *e);

#endif
