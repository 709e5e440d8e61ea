using System.Runtime.InteropServices;
using Tmds.Linux;

namespace Ucarp.Cli;

#pragma warning disable CS8981 // structs keep their C names (lower case), as the headers spell them

internal static partial class Interop
{
    internal static partial class Libc
    {
        // <spawn.h> flags (glibc; POSIX_SPAWN_SETSID since glibc 2.26).
        internal const short POSIX_SPAWN_SETPGROUP = 0x02;
        internal const short POSIX_SPAWN_SETSIGDEF = 0x04;
        internal const short POSIX_SPAWN_SETSIGMASK = 0x08;
        internal const short POSIX_SPAWN_SETSID = 0x80;

        // <spawn.h> posix_spawnattr_t: opaque, 336 bytes on glibc x86-64 (checked with sizeof in C).
        [StructLayout(LayoutKind.Sequential, Size = 336)]
        internal struct posix_spawnattr_t
        {
            private readonly long _align;
        }

        // <spawn.h> posix_spawn_file_actions_t: opaque, 80 bytes on glibc x86-64.
        [StructLayout(LayoutKind.Sequential, Size = 80)]
        internal struct posix_spawn_file_actions_t
        {
            private readonly long _align;
        }

        // <spawn.h>: these return an error number instead of setting errno.
        [LibraryImport(Name, EntryPoint = "posix_spawn")]
        internal static unsafe partial int posix_spawn(int* pid, byte* path, posix_spawn_file_actions_t* file_actions,
            posix_spawnattr_t* attrp, byte** argv, byte** envp);

        [LibraryImport(Name, EntryPoint = "posix_spawnattr_init")]
        internal static unsafe partial int posix_spawnattr_init(posix_spawnattr_t* attr);

        [LibraryImport(Name, EntryPoint = "posix_spawnattr_destroy")]
        internal static unsafe partial int posix_spawnattr_destroy(posix_spawnattr_t* attr);

        [LibraryImport(Name, EntryPoint = "posix_spawnattr_setflags")]
        internal static unsafe partial int posix_spawnattr_setflags(posix_spawnattr_t* attr, short flags);

        [LibraryImport(Name, EntryPoint = "posix_spawnattr_setpgroup")]
        internal static unsafe partial int posix_spawnattr_setpgroup(posix_spawnattr_t* attr, int pgroup);

        [LibraryImport(Name, EntryPoint = "posix_spawnattr_setsigdefault")]
        internal static unsafe partial int posix_spawnattr_setsigdefault(posix_spawnattr_t* attr, sigset_t* sigdefault);

        [LibraryImport(Name, EntryPoint = "posix_spawnattr_setsigmask")]
        internal static unsafe partial int posix_spawnattr_setsigmask(posix_spawnattr_t* attr, sigset_t* sigmask);

        [LibraryImport(Name, EntryPoint = "posix_spawn_file_actions_init")]
        internal static unsafe partial int posix_spawn_file_actions_init(posix_spawn_file_actions_t* file_actions);

        [LibraryImport(Name, EntryPoint = "posix_spawn_file_actions_destroy")]
        internal static unsafe partial int posix_spawn_file_actions_destroy(posix_spawn_file_actions_t* file_actions);

        [LibraryImport(Name, EntryPoint = "posix_spawn_file_actions_addopen")]
        internal static unsafe partial int posix_spawn_file_actions_addopen(posix_spawn_file_actions_t* file_actions,
            int fildes, byte* path, int oflag, uint mode);

        [LibraryImport(Name, EntryPoint = "posix_spawn_file_actions_adddup2")]
        internal static unsafe partial int posix_spawn_file_actions_adddup2(posix_spawn_file_actions_t* file_actions,
            int fildes, int newfildes);

        // glibc 2.29+
        [LibraryImport(Name, EntryPoint = "posix_spawn_file_actions_addchdir_np")]
        internal static unsafe partial int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t* file_actions,
            byte* path);
    }
}
