package io.hone.core.hub;

/**
 * One file of a repository revision as the Hub lists it: its path, size and the id its cache blob is named after
 * (the LFS object's sha256 for large files, the git blob sha1 otherwise), which is also how its bytes are verified.
 */
public record HubFile(String name, long size, String blobId, boolean lfs) {}
