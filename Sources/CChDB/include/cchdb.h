// Our own declarations of the parts of ADBC 1.1.0 and the Arrow C Data Interface that
// Spotlight uses to talk to chDB in-process. Layouts follow the published ABI exactly;
// function pointers we never call are declared as void* to keep this file small.
#ifndef SPOTLIGHT_CCHDB_H
#define SPOTLIGHT_CCHDB_H

#include <stdint.h>
#include <stddef.h>

#define SPOTLIGHT_ARROW_FLAG_NULLABLE 2

struct ArrowSchema {
    const char *format;
    const char *name;
    const char *metadata;
    int64_t flags;
    int64_t n_children;
    struct ArrowSchema **children;
    struct ArrowSchema *dictionary;
    void (*release)(struct ArrowSchema *);
    void *private_data;
};

struct ArrowArray {
    int64_t length;
    int64_t null_count;
    int64_t offset;
    int64_t n_buffers;
    int64_t n_children;
    const void **buffers;
    struct ArrowArray **children;
    struct ArrowArray *dictionary;
    void (*release)(struct ArrowArray *);
    void *private_data;
};

struct ArrowArrayStream {
    int (*get_schema)(struct ArrowArrayStream *, struct ArrowSchema *out);
    int (*get_next)(struct ArrowArrayStream *, struct ArrowArray *out);
    const char *(*get_last_error)(struct ArrowArrayStream *);
    void (*release)(struct ArrowArrayStream *);
    void *private_data;
};

typedef uint8_t AdbcStatusCode;
#define SPOTLIGHT_ADBC_VERSION_1_0_0 1000000
#define SPOTLIGHT_ADBC_VERSION_1_1_0 1001000

struct AdbcError {
    char *message;
    int32_t vendor_code;
    char sqlstate[5];
    void (*release)(struct AdbcError *);
    void *private_data;
    void *private_driver;
};

struct AdbcDatabase { void *private_data; void *private_driver; };
struct AdbcConnection { void *private_data; void *private_driver; };
struct AdbcStatement { void *private_data; void *private_driver; };

struct AdbcDriver {
    void *private_data;
    void *private_manager;
    AdbcStatusCode (*release)(struct AdbcDriver *, struct AdbcError *);

    AdbcStatusCode (*DatabaseInit)(struct AdbcDatabase *, struct AdbcError *);
    AdbcStatusCode (*DatabaseNew)(struct AdbcDatabase *, struct AdbcError *);
    AdbcStatusCode (*DatabaseSetOption)(struct AdbcDatabase *, const char *, const char *, struct AdbcError *);
    AdbcStatusCode (*DatabaseRelease)(struct AdbcDatabase *, struct AdbcError *);

    void *ConnectionCommit;
    void *ConnectionGetInfo;
    void *ConnectionGetObjects;
    void *ConnectionGetTableSchema;
    void *ConnectionGetTableTypes;
    AdbcStatusCode (*ConnectionInit)(struct AdbcConnection *, struct AdbcDatabase *, struct AdbcError *);
    AdbcStatusCode (*ConnectionNew)(struct AdbcConnection *, struct AdbcError *);
    AdbcStatusCode (*ConnectionSetOption)(struct AdbcConnection *, const char *, const char *, struct AdbcError *);
    void *ConnectionReadPartition;
    AdbcStatusCode (*ConnectionRelease)(struct AdbcConnection *, struct AdbcError *);
    void *ConnectionRollback;

    void *StatementBind;
    void *StatementBindStream;
    AdbcStatusCode (*StatementExecuteQuery)(struct AdbcStatement *, struct ArrowArrayStream *, int64_t *, struct AdbcError *);
    void *StatementExecutePartitions;
    void *StatementGetParameterSchema;
    AdbcStatusCode (*StatementNew)(struct AdbcConnection *, struct AdbcStatement *, struct AdbcError *);
    void *StatementPrepare;
    AdbcStatusCode (*StatementRelease)(struct AdbcStatement *, struct AdbcError *);
    void *StatementSetOption;
    AdbcStatusCode (*StatementSetSqlQuery)(struct AdbcStatement *, const char *, struct AdbcError *);
    void *StatementSetSubstraitPlan;

    // ADBC 1.1.0 additions (only valid when initialised with version 1.1.0).
    void *ErrorGetDetailCount;
    void *ErrorGetDetail;
    void *ErrorFromArrayStream;
    void *DatabaseGetOption;
    void *DatabaseGetOptionBytes;
    void *DatabaseGetOptionDouble;
    void *DatabaseGetOptionInt;
    void *DatabaseSetOptionBytes;
    void *DatabaseSetOptionDouble;
    void *DatabaseSetOptionInt;
    void *ConnectionCancel;
    void *ConnectionGetOption;
    void *ConnectionGetOptionBytes;
    void *ConnectionGetOptionDouble;
    void *ConnectionGetOptionInt;
    void *ConnectionGetStatistics;
    void *ConnectionGetStatisticNames;
    void *ConnectionSetOptionBytes;
    void *ConnectionSetOptionDouble;
    void *ConnectionSetOptionInt;
    AdbcStatusCode (*StatementCancel)(struct AdbcStatement *, struct AdbcError *);
    void *StatementExecuteSchema;
    void *StatementGetOption;
    void *StatementGetOptionBytes;
    void *StatementGetOptionDouble;
    void *StatementGetOptionInt;
    void *StatementSetOptionBytes;
    void *StatementSetOptionDouble;
    void *StatementSetOptionInt;
};

/// Loads libpython (RTLD_GLOBAL, for its symbols) then chDB (RTLD_LOCAL|RTLD_DEEPBIND: without
/// DEEPBIND a Swift process aborts in the library's static initialisers), and initialises `driver`.
/// Returns 0 on success; otherwise writes a message into `message` (capacity `cap`).
int spotlight_chdb_load(const char *libpython, const char *chdb, struct AdbcDriver *driver,
                        char *message, size_t cap);

/// Releases and clears an AdbcError's message if the driver set one.
void spotlight_adbc_error_release(struct AdbcError *error);

#endif
