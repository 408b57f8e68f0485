import { describe, expect, it } from "vitest";
import { guidePointer } from "./GuideLink";

describe("a refusal's pointer to the guide", () => {
  it("is found at the end of the message, with its section", () => {
    const message =
      "Khóa ký của Ủy ban MTTQ tỉnh Thanh Hóa chưa được ghi danh ở máy này: hãy nhập tệp định danh của đơn vị và xác nhận mã qua điện thoại, rồi nhập lại gói. Xem Hướng dẫn sử dụng, mục 6 «Gửi báo cáo lên cấp trên».";
    expect(guidePointer(message)).toBe("Xem Hướng dẫn sử dụng, mục 6 «Gửi báo cáo lên cấp trên».");
  });
  it("is found after a list of cells", () => {
    expect(guidePointer("Tệp a.xlsx có 1 lỗi nên chưa nhập gì.\nSheet 'Số liệu', ô D7: không phải số\nXem Hướng dẫn sử dụng, mục 9 «Mẫu Excel cho đơn vị chưa có chương trình».")).toBe(
      "Xem Hướng dẫn sử dụng, mục 9 «Mẫu Excel cho đơn vị chưa có chương trình».",
    );
  });
  it("is absent from a message that names no section", () => {
    expect(guidePointer("Không đọc được tệp (quyền truy cập).")).toBeNull();
  });
});
