#include "cbrotli.h"
