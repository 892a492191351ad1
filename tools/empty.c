/* Placeholder translation unit for a layer that has no sources yet. */
typedef int gaoqi_empty_layer;
