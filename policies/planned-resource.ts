/** One resource as the program declared it, with the options that matter for review. */
export interface PlannedResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  parentUrn?: string;
  inputs: Record<string, unknown>;
  dependsOn: string[];
  options: {
    protect?: boolean;
    retainOnDelete?: boolean;
    deleteBeforeReplace?: boolean;
    replaceOnChanges?: string[];
    ignoreChanges?: string[];
    /** The id of an existing object this resource adopts (`import` option). */
    import?: string;
    customTimeouts?: { create?: string; update?: string; delete?: string };
    /** Resource hooks by kind (`beforeCreate`, ...): the names of the hooks bound to it. */
    hooks?: Record<string, string[]>;
  };
}

/** What a value looks like when it is only known after `pulumi up`. */
export const UNKNOWN_DISPLAY = "(known after apply)";
