#define _GNU_SOURCE
#include "cchdb.h"
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

typedef AdbcStatusCode (*AdbcDriverInitFunc)(int, void *, struct AdbcError *);

int spotlight_chdb_load(const char *libpython, const char *chdb, struct AdbcDriver *driver,
                        char *message, size_t cap) {
    if (libpython && libpython[0] && !dlopen(libpython, RTLD_NOW | RTLD_GLOBAL)) {
        snprintf(message, cap, "cannot load libpython %s: %s", libpython, dlerror());
        return 1;
    }
    void *handle = dlopen(chdb, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
    if (!handle) {
        snprintf(message, cap, "cannot load chDB %s: %s", chdb, dlerror());
        return 2;
    }
    AdbcDriverInitFunc init = (AdbcDriverInitFunc)dlsym(handle, "chdb_adbc_init");
    if (!init) init = (AdbcDriverInitFunc)dlsym(handle, "AdbcDriverInit");
    if (!init) {
        snprintf(message, cap, "%s exports no ADBC entry point (chdb_adbc_init)", chdb);
        return 3;
    }
    struct AdbcError error;
    memset(&error, 0, sizeof error);
    memset(driver, 0, sizeof *driver);
    AdbcStatusCode status = init(SPOTLIGHT_ADBC_VERSION_1_1_0, driver, &error);
    if (status != 0) {
        // A 1.0.0 driver refuses 1.1.0; retry with the older layout (the 1.1 fields stay NULL).
        spotlight_adbc_error_release(&error);
        memset(driver, 0, sizeof *driver);
        status = init(SPOTLIGHT_ADBC_VERSION_1_0_0, driver, &error);
    }
    if (status != 0) {
        snprintf(message, cap, "chDB ADBC init failed (status %d): %s", status,
                 error.message ? error.message : "no message");
        spotlight_adbc_error_release(&error);
        return 4;
    }
    return 0;
}

void spotlight_adbc_error_release(struct AdbcError *error) {
    if (error->release) error->release(error);
    error->message = NULL;
    error->release = NULL;
}
