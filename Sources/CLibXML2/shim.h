#ifndef NDPSCOPE_CLIBXML2_SHIM_H
#define NDPSCOPE_CLIBXML2_SHIM_H

// Debian builds libxml2 with ICU support; its headers then include ICU's, which clash with the
// copy Foundation ships (seen on a clean build with Swift 6.3.1). We never use libxml2's ICU
// entry points, so switch the feature macro off before the rest of the headers are read.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlmemory.h>
#include <libxml/xmlsave.h>

// xmlFree is a global function pointer, which Swift 6 strict concurrency rejects as shared
// mutable state; calling it through an inline function keeps it out of Swift's sight.
static inline void ndpscope_xmlFree(void *pointer) { xmlFree(pointer); }

#endif
