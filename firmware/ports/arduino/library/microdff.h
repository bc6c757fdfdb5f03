// microdff Arduino library: the portable firmware (serial protocol, model store) and the core.
#pragma once

#include "core/network.h"
#include "core/train.h"
#include "firmware/portable/firmware.h"
#include "firmware/storage/flash_storage.h"
#include "firmware/storage/ram_storage.h"
