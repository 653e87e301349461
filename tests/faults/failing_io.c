/* A test double for the file system, in the style of SQLite's own I/O error tests.
 *
 * Loaded with LD_PRELOAD, it stands between the process (Python, and the SQLite library it
 * links) and the C library's write and sync calls. When armed, it counts the calls made on files
 * under one folder and makes the Nth fail with the errno asked for (ENOSPC, EACCES, EIO, ...);
 * "persistent" makes every later one fail too, as a full disk does. Python arms it through
 * ctypes: fault_arm(folder, n, errno, kinds, persistent), where kinds is 1 (writes: write,
 * pwrite, pwrite64, writev, ftruncate), 2 (syncs: fsync, fdatasync) or 3 (both); n = 0 only
 * counts. fault_counted() says how many calls were counted since arming.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

enum { WRITES = 1, SYNCS = 2 };

static char folder[4096];
static size_t folder_length;
static long fail_at;
static int fail_errno = ENOSPC;
static int kinds;
static int persistent;
static int failed;
static long counted;

void fault_arm(const char *path, long n, int error, int which, int keep_failing) {
    snprintf(folder, sizeof folder, "%s", path);
    folder_length = strlen(folder);
    fail_at = n;
    fail_errno = error;
    kinds = which;
    persistent = keep_failing;
    failed = 0;
    counted = 0;
}

void fault_disarm(void) { kinds = 0; }

long fault_counted(void) { return counted; }

int fault_failed(void) { return failed; }

static int watched(int fd) {
    char link[64];
    char target[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t length = readlink(link, target, sizeof target - 1);
    if (length < 0) return 0;
    target[length] = '\0';
    return strncmp(target, folder, folder_length) == 0
        && (target[folder_length] == '/' || target[folder_length] == '\0');
}

static int should_fail(int fd, int kind) {
    if (!(kinds & kind) || !watched(fd)) return 0;
    if (failed && persistent) return 1;
    counted++;
    if (fail_at && counted == fail_at) {
        failed = 1;
        return 1;
    }
    return 0;
}

typedef ssize_t (*write_f)(int, const void *, size_t);
typedef ssize_t (*pwrite_f)(int, const void *, size_t, off_t);
typedef ssize_t (*pwrite64_f)(int, const void *, size_t, off64_t);
typedef ssize_t (*writev_f)(int, const struct iovec *, int);
typedef int (*ftruncate_f)(int, off_t);
typedef int (*ftruncate64_f)(int, off64_t);
typedef int (*fsync_f)(int);
typedef int (*fdatasync_f)(int);

/* The C library's own function, looked up once. */
#define REAL(name) \
    static name##_f real_##name; \
    if (!real_##name) real_##name = (name##_f)dlsym(RTLD_NEXT, #name)

#define FAIL_IF(fd, kind) \
    if (should_fail(fd, kind)) { errno = fail_errno; return -1; }

ssize_t write(int fd, const void *buffer, size_t size) {
    REAL(write);
    FAIL_IF(fd, WRITES);
    return real_write(fd, buffer, size);
}

ssize_t pwrite(int fd, const void *buffer, size_t size, off_t offset) {
    REAL(pwrite);
    FAIL_IF(fd, WRITES);
    return real_pwrite(fd, buffer, size, offset);
}

ssize_t pwrite64(int fd, const void *buffer, size_t size, off64_t offset) {
    REAL(pwrite64);
    FAIL_IF(fd, WRITES);
    return real_pwrite64(fd, buffer, size, offset);
}

ssize_t writev(int fd, const struct iovec *vector, int count) {
    REAL(writev);
    FAIL_IF(fd, WRITES);
    return real_writev(fd, vector, count);
}

int ftruncate(int fd, off_t length) {
    REAL(ftruncate);
    FAIL_IF(fd, WRITES);
    return real_ftruncate(fd, length);
}

int ftruncate64(int fd, off64_t length) {
    REAL(ftruncate64);
    FAIL_IF(fd, WRITES);
    return real_ftruncate64(fd, length);
}

int fsync(int fd) {
    REAL(fsync);
    FAIL_IF(fd, SYNCS);
    return real_fsync(fd);
}

int fdatasync(int fd) {
    REAL(fdatasync);
    FAIL_IF(fd, SYNCS);
    return real_fdatasync(fd);
}
