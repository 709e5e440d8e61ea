/*
 * A FUSE file system for tests: passes every call through to a backing directory, except that
 * write and fsync wait while a control file exists, as on a hung NFS server or a stuck disk.
 * A request the kernel interrupts (the caller was killed) ends with EINTR, so a test can still
 * kill a process caught in it.
 *
 *   hangfs BACKING CONTROL MOUNTPOINT    (runs in the foreground; umount to stop)
 */
#define FUSE_USE_VERSION 31
#define _GNU_SOURCE
#include <fuse.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *backing;
static const char *control;

static void real(char out[PATH_MAX], const char *path)
{
    snprintf(out, PATH_MAX, "%s%s", backing, path);
}

static int wait_while_hung(void)
{
    while (access(control, F_OK) == 0) {
        if (fuse_interrupted())
            return -EINTR;
        usleep(10000);
    }
    return 0;
}

static int hang_getattr(const char *path, struct stat *st, struct fuse_file_info *fi)
{
    char p[PATH_MAX];
    if (fi)
        return fstat(fi->fh, st) == 0 ? 0 : -errno;
    real(p, path);
    return lstat(p, st) == 0 ? 0 : -errno;
}

static int hang_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t offset,
                        struct fuse_file_info *fi, enum fuse_readdir_flags flags)
{
    char p[PATH_MAX];
    (void)offset; (void)fi; (void)flags;
    real(p, path);
    DIR *d = opendir(p);
    if (!d)
        return -errno;
    for (struct dirent *e; (e = readdir(d));)
        fill(buf, e->d_name, NULL, 0, 0);
    closedir(d);
    return 0;
}

static int hang_create(const char *path, mode_t mode, struct fuse_file_info *fi)
{
    char p[PATH_MAX];
    real(p, path);
    int fd = open(p, fi->flags, mode);
    if (fd < 0)
        return -errno;
    fi->fh = fd;
    return 0;
}

static int hang_open(const char *path, struct fuse_file_info *fi)
{
    char p[PATH_MAX];
    real(p, path);
    int fd = open(p, fi->flags);
    if (fd < 0)
        return -errno;
    fi->fh = fd;
    return 0;
}

static int hang_read(const char *path, char *buf, size_t size, off_t offset, struct fuse_file_info *fi)
{
    (void)path;
    ssize_t n = pread(fi->fh, buf, size, offset);
    return n < 0 ? -errno : (int)n;
}

static int hang_write(const char *path, const char *buf, size_t size, off_t offset, struct fuse_file_info *fi)
{
    (void)path;
    int r = wait_while_hung();
    if (r)
        return r;
    ssize_t n = pwrite(fi->fh, buf, size, offset);
    return n < 0 ? -errno : (int)n;
}

static int hang_fsync(const char *path, int datasync, struct fuse_file_info *fi)
{
    (void)path;
    int r = wait_while_hung();
    if (r)
        return r;
    return (datasync ? fdatasync(fi->fh) : fsync(fi->fh)) == 0 ? 0 : -errno;
}

static int hang_release(const char *path, struct fuse_file_info *fi)
{
    (void)path;
    close(fi->fh);
    return 0;
}

static int hang_rename(const char *from, const char *to, unsigned int flags)
{
    char a[PATH_MAX], b[PATH_MAX];
    if (flags)
        return -EINVAL;
    real(a, from);
    real(b, to);
    return rename(a, b) == 0 ? 0 : -errno;
}

static int hang_unlink(const char *path)
{
    char p[PATH_MAX];
    real(p, path);
    return unlink(p) == 0 ? 0 : -errno;
}

static int hang_chmod(const char *path, mode_t mode, struct fuse_file_info *fi)
{
    char p[PATH_MAX];
    if (fi)
        return fchmod(fi->fh, mode) == 0 ? 0 : -errno;
    real(p, path);
    return chmod(p, mode) == 0 ? 0 : -errno;
}

static const struct fuse_operations operations = {
    .getattr = hang_getattr,
    .readdir = hang_readdir,
    .create = hang_create,
    .open = hang_open,
    .read = hang_read,
    .write = hang_write,
    .fsync = hang_fsync,
    .release = hang_release,
    .rename = hang_rename,
    .unlink = hang_unlink,
    .chmod = hang_chmod,
};

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: hangfs BACKING CONTROL MOUNTPOINT\n");
        return 2;
    }
    backing = argv[1];
    control = argv[2];
    char *args[] = { argv[0], "-f", argv[3], NULL };
    return fuse_main(3, args, &operations, NULL);
}
