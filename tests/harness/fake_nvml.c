/*
 * A fake libnvidia-ml.so.1 for the scenario harness: the NVML entry points
 * yolodoctor uses (through nvidia-ml-py), answering from nvml-machine.txt
 * in the same directory as the library. Built by tests/harness/nvml.py.
 *
 * nvml-machine.txt, one item per line, fields separated by tabs:
 *   init <nvmlReturn_t of nvmlInitWithFlags>
 *   driver <version>
 *   cuda <version as an integer, 12040 = 12.4>
 *   gpu <name> <uuid> <bus id> <cc major> <cc minor> <total bytes> <free bytes> <mig: -1 n/a, 0, 1> <pids,used;...>
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_GPUS 16
#define MAX_PROCS 16

typedef struct {
    char name[96], uuid[96], bus_id[32];
    int major, minor, mig;
    unsigned long long total, free;
    int nprocs;
    unsigned pids[MAX_PROCS];
    unsigned long long used[MAX_PROCS];
} gpu_t;

typedef struct { char busIdLegacy[16]; unsigned domain, bus, device, pciDeviceId, pciSubSystemId; char busId[32]; } pci_t;
typedef struct { unsigned long long total, free, used; } memory_t;
typedef struct { unsigned pid; unsigned long long usedGpuMemory; unsigned gpuInstanceId, computeInstanceId; } proc_t;

static int loaded = 0, init_result = 0, cuda_version = 0, ngpus = 0;
static char driver[64] = "";
static gpu_t gpus[MAX_GPUS];

static void load(void) {
    Dl_info info;
    char path[4096], line[2048];
    FILE *f;
    if (loaded) return;
    loaded = 1;
    if (!dladdr((void *)load, &info) || !info.dli_fname) return;
    snprintf(path, sizeof path, "%s", info.dli_fname);
    snprintf(line, sizeof line, "%s/nvml-machine.txt", dirname(path));
    f = fopen(line, "r");
    if (!f) { init_result = 999; return; }
    while (fgets(line, sizeof line, f)) {
        char *fields[10] = {0};
        int n = 0;
        line[strcspn(line, "\n")] = 0;
        for (char *tok = strtok(line, "\t"); tok && n < 10; tok = strtok(NULL, "\t")) fields[n++] = tok;
        if (n == 2 && !strcmp(fields[0], "init")) init_result = atoi(fields[1]);
        else if (n == 2 && !strcmp(fields[0], "driver")) snprintf(driver, sizeof driver, "%s", fields[1]);
        else if (n == 2 && !strcmp(fields[0], "cuda")) cuda_version = atoi(fields[1]);
        else if (n >= 9 && !strcmp(fields[0], "gpu") && ngpus < MAX_GPUS) {
            gpu_t *g = &gpus[ngpus++];
            memset(g, 0, sizeof *g);
            snprintf(g->name, sizeof g->name, "%s", fields[1]);
            snprintf(g->uuid, sizeof g->uuid, "%s", fields[2]);
            snprintf(g->bus_id, sizeof g->bus_id, "%s", fields[3]);
            g->major = atoi(fields[4]);
            g->minor = atoi(fields[5]);
            g->total = strtoull(fields[6], NULL, 10);
            g->free = strtoull(fields[7], NULL, 10);
            g->mig = atoi(fields[8]);
            if (n == 10) {
                for (char *p = strtok(fields[9], ";"); p && g->nprocs < MAX_PROCS; p = strtok(NULL, ";")) {
                    unsigned pid; unsigned long long used;
                    if (sscanf(p, "%u,%llu", &pid, &used) == 2) {
                        g->pids[g->nprocs] = pid;
                        g->used[g->nprocs++] = used;
                    }
                }
            }
        }
    }
    fclose(f);
}

static int initialised = 0;
#define NEED_INIT() do { if (!initialised) return 1; } while (0) /* NVML_ERROR_UNINITIALIZED */
#define GPU(h) ((gpu_t *)(h))

const char *nvmlErrorString(int result) {
    switch (result) {
    case 0: return "Success";
    case 1: return "Uninitialized";
    case 2: return "Invalid Argument";
    case 3: return "Not Supported";
    case 4: return "Insufficient Permissions";
    case 6: return "Not Found";
    case 7: return "Insufficient Size";
    case 9: return "Driver Not Loaded";
    case 12: return "NVML Shared Library Not Found";
    case 15: return "GPU is lost";
    case 18: return "Driver/library version mismatch";
    default: return "Unknown Error";
    }
}

int nvmlInitWithFlags(unsigned flags) {
    (void)flags;
    load();
    if (init_result == 0) initialised = 1;
    return init_result;
}
int nvmlInit_v2(void) { return nvmlInitWithFlags(0); }
int nvmlInit(void) { return nvmlInitWithFlags(0); }
int nvmlShutdown(void) { NEED_INIT(); initialised = 0; return 0; }

int nvmlSystemGetDriverVersion(char *version, unsigned length) {
    NEED_INIT();
    if (strlen(driver) + 1 > length) return 7;
    strcpy(version, driver);
    return 0;
}
int nvmlSystemGetCudaDriverVersion_v2(int *version) { NEED_INIT(); *version = cuda_version; return 0; }
int nvmlSystemGetCudaDriverVersion(int *version) { NEED_INIT(); *version = cuda_version; return 0; }
int nvmlDeviceGetCount_v2(unsigned *count) { NEED_INIT(); *count = (unsigned)ngpus; return 0; }
int nvmlDeviceGetCount(unsigned *count) { return nvmlDeviceGetCount_v2(count); }

int nvmlDeviceGetHandleByIndex_v2(unsigned index, void **device) {
    NEED_INIT();
    if (index >= (unsigned)ngpus) return 2;
    *device = &gpus[index];
    return 0;
}

static int copy_text(const char *text, char *out, unsigned length) {
    if (strlen(text) + 1 > length) return 7;
    strcpy(out, text);
    return 0;
}
int nvmlDeviceGetName(void *d, char *name, unsigned length) { NEED_INIT(); return copy_text(GPU(d)->name, name, length); }
int nvmlDeviceGetUUID(void *d, char *uuid, unsigned length) { NEED_INIT(); return copy_text(GPU(d)->uuid, uuid, length); }

int nvmlDeviceGetPciInfo_v3(void *d, pci_t *pci) {
    unsigned domain = 0, bus = 0, device = 0;
    NEED_INIT();
    memset(pci, 0, sizeof *pci);
    sscanf(GPU(d)->bus_id, "%x:%x:%x", &domain, &bus, &device);
    pci->domain = domain; pci->bus = bus; pci->device = device;
    snprintf(pci->busIdLegacy, sizeof pci->busIdLegacy, "%.15s", GPU(d)->bus_id);
    snprintf(pci->busId, sizeof pci->busId, "%s", GPU(d)->bus_id);
    return 0;
}

int nvmlDeviceGetCudaComputeCapability(void *d, int *major, int *minor) {
    NEED_INIT();
    *major = GPU(d)->major;
    *minor = GPU(d)->minor;
    return 0;
}

int nvmlDeviceGetMemoryInfo(void *d, memory_t *memory) {
    NEED_INIT();
    memory->total = GPU(d)->total;
    memory->free = GPU(d)->free;
    memory->used = GPU(d)->total - GPU(d)->free;
    return 0;
}

int nvmlDeviceGetMigMode(void *d, unsigned *current, unsigned *pending) {
    NEED_INIT();
    if (GPU(d)->mig < 0) return 3;
    *current = *pending = (unsigned)GPU(d)->mig;
    return 0;
}

int nvmlDeviceGetComputeRunningProcesses_v3(void *d, unsigned *count, proc_t *infos) {
    gpu_t *g = GPU(d);
    NEED_INIT();
    if (g->nprocs == 0) { *count = 0; return 0; }
    if (!infos || *count < (unsigned)g->nprocs) { *count = (unsigned)g->nprocs; return 7; }
    for (int i = 0; i < g->nprocs; i++) {
        infos[i].pid = g->pids[i];
        infos[i].usedGpuMemory = g->used[i];
        infos[i].gpuInstanceId = infos[i].computeInstanceId = 0xFFFFFFFF;
    }
    *count = (unsigned)g->nprocs;
    return 0;
}
