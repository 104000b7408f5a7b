/* loader/sys/features_impl.h — the probe functions of the feature table
 * (loader/sys/features.c), internal to loader/sys/. Each fills r->step
 * (and r->value when it measures something) and returns 0 when the
 * feature is there, else the -errno of the step that failed. */
#ifndef BL_FEATURES_IMPL_H
#define BL_FEATURES_IMPL_H

#include "features.h"

#include <errno.h>

/* features_btf.c */
int bl_probe_btf_func(struct bl_feature_result *r);
int bl_probe_btf_global_func(struct bl_feature_result *r);
int bl_probe_btf_datasec(struct bl_feature_result *r);
int bl_probe_btf_float(struct bl_feature_result *r);
int bl_probe_btf_decl_tag(struct bl_feature_result *r);
int bl_probe_btf_type_tag(struct bl_feature_result *r);
int bl_probe_btf_enum64(struct bl_feature_result *r);

#endif
