/** Professional titles offered as suggestions (the field stays free text, up to 50 characters). */
export const TITLE_SUGGESTIONS = ["主任医师", "副主任医师", "主治医师", "住院医师", "主任护师", "副主任护师", "主管护师", "护师", "技师"];
